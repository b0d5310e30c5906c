# Source: Python docs, asyncio "Coroutines and Tasks", section "Scheduling From Other Threads" (run_coroutine_threadsafe), https://docs.python.org/3.11/library/asyncio-task.html#asyncio.run_coroutine_threadsafe
# Changed: the docs' statements run in a worker thread started with asyncio.to_thread from main(); the 1 s sleep is 0.1 s and timeout is 5 s
import asyncio

def in_other_thread(loop, timeout):
    # Create a coroutine
    coro = asyncio.sleep(0.1, result=3)

    # Submit the coroutine to a given loop
    future = asyncio.run_coroutine_threadsafe(coro, loop)

    # Wait for the result with an optional timeout argument
    assert future.result(timeout) == 3
    print('the coroutine returned', future.result())

async def main():
    loop = asyncio.get_running_loop()
    await asyncio.to_thread(in_other_thread, loop, 5)
    print('back in main')

asyncio.run(main())
