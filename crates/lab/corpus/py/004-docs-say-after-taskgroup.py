# Source: Python docs, asyncio "Coroutines and Tasks", section "Coroutines" (asyncio.TaskGroup variant), https://docs.python.org/3.11/library/asyncio-task.html#coroutines
# Changed: time.strftime('%X') (wall-clock) replaced by the seconds elapsed since start, truncated to tenths; delays divided by 4 (1 s/2 s become 0.25 s/0.5 s)
import asyncio
import time

start = time.monotonic()

async def say_after(delay, what):
    await asyncio.sleep(delay)
    print(what)

async def main():
    async with asyncio.TaskGroup() as tg:
        task1 = tg.create_task(
            say_after(0.25, 'hello'))

        task2 = tg.create_task(
            say_after(0.5, 'world'))

        print(f"started at {int((time.monotonic() - start) * 10) / 10}")

    # The await is implicit when the context manager exits.

    print(f"finished at {int((time.monotonic() - start) * 10) / 10}")

asyncio.run(main())
