# Source: Python docs, asyncio "Coroutines and Tasks", section "Running in Threads" (asyncio.to_thread), https://docs.python.org/3.11/library/asyncio-task.html#running-in-threads
# Changed: time.strftime('%X') (wall-clock) replaced by the seconds elapsed since start, truncated to tenths; 1 s sleeps shortened to 0.5 s
import asyncio
import time

start = time.monotonic()

def blocking_io():
    print(f"start blocking_io at {int((time.monotonic() - start) * 10) / 10}")
    # Note that time.sleep() can be replaced with any blocking
    # IO-bound operation, such as file operations.
    time.sleep(0.5)
    print(f"blocking_io complete at {int((time.monotonic() - start) * 10) / 10}")

async def main():
    print(f"started main at {int((time.monotonic() - start) * 10) / 10}")

    await asyncio.gather(
        asyncio.to_thread(blocking_io),
        asyncio.sleep(0.5))

    print(f"finished main at {int((time.monotonic() - start) * 10) / 10}")


asyncio.run(main())
