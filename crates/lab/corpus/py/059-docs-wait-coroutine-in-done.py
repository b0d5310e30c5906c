# Source: Python docs 3.10, asyncio "Coroutines and Tasks", asyncio.wait ("wait() schedules coroutines as Tasks automatically ... This branch will never be run!"), https://docs.python.org/3.10/library/asyncio-task.html#asyncio.wait
# Changed: the docs' statements are wrapped in main() and the branch prints (on Python 3.11 asyncio.wait refuses a bare coroutine with TypeError)
import asyncio

async def foo():
    return 42

async def main():
    coro = foo()
    done, pending = await asyncio.wait({coro})

    if coro in done:
        # This branch will never be run!
        print('coro is in done')

asyncio.run(main())
