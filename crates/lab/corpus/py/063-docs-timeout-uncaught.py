# Source: Python docs, asyncio "Coroutines and Tasks", asyncio.timeout (first example, without try/except), https://docs.python.org/3.11/library/asyncio-task.html#asyncio.timeout
# Changed: long_running_task (not defined in the docs) sleeps 1.5 s; the 10 s timeout becomes 0.2 s (TimeoutError is not caught and ends the program)
import asyncio

async def long_running_task():
    await asyncio.sleep(1.5)

async def main():
    async with asyncio.timeout(0.2):
        await long_running_task()

asyncio.run(main())
