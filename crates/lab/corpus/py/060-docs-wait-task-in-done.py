# Source: Python docs 3.10, asyncio "Coroutines and Tasks", asyncio.wait ("Here is how the above snippet can be fixed"), https://docs.python.org/3.10/library/asyncio-task.html#asyncio.wait
# Changed: the docs' statements are wrapped in main() and the branch prints
import asyncio

async def foo():
    return 42

async def main():
    task = asyncio.create_task(foo())
    done, pending = await asyncio.wait({task})

    if task in done:
        # Everything will work as expected now.
        print('task is in done:', task.result())

asyncio.run(main())
