# Source: Python docs, asyncio "Coroutines and Tasks", asyncio.create_task ("Important: Save a reference to the result of this function"), https://docs.python.org/3.11/library/asyncio-task.html#asyncio.create_task
# Changed: the docs' loop body is wrapped in main(); some_coro(param=i) (undefined in the docs) prints its parameter after a short sleep; main waits until the set is empty
import asyncio

async def some_coro(param):
    await asyncio.sleep(0.01 * (10 - param))
    print(param)

async def main():
    background_tasks = set()

    for i in range(10):
        task = asyncio.create_task(some_coro(param=i))

        # Add task to the set. This creates a strong reference.
        background_tasks.add(task)

        # To prevent keeping references to finished tasks forever,
        # make each task remove its own reference from the set after
        # completion:
        task.add_done_callback(background_tasks.discard)

    while background_tasks:
        await asyncio.sleep(0.05)
    print('all done')

asyncio.run(main())
