# Source: Python docs, asyncio "Coroutines and Tasks", section "Coroutines" (two say_after tasks), https://docs.python.org/3.11/library/asyncio-task.html#coroutines
# Changed: time.strftime('%X') (wall-clock) replaced by the seconds elapsed since start, truncated to tenths; delays divided by 4 (1 s/2 s become 0.25 s/0.5 s)
import asyncio
import time

start = time.monotonic()

async def say_after(delay, what):
    await asyncio.sleep(delay)
    print(what)

async def main():
    task1 = asyncio.create_task(
        say_after(0.25, 'hello'))

    task2 = asyncio.create_task(
        say_after(0.5, 'world'))

    print(f"started at {int((time.monotonic() - start) * 10) / 10}")

    # Wait until both tasks are completed (should take
    # around 2 seconds.)
    await task1
    await task2

    print(f"finished at {int((time.monotonic() - start) * 10) / 10}")

asyncio.run(main())
