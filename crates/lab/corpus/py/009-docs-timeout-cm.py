# Source: Python docs, asyncio "Coroutines and Tasks", section "Timeouts" (asyncio.timeout), https://docs.python.org/3.11/library/asyncio-task.html#timeouts
# Changed: long_running_task (not defined in the docs) sleeps 1.5 s; the 10 s timeout becomes 0.3 s
import asyncio

async def long_running_task():
    await asyncio.sleep(1.5)

async def main():
    try:
        async with asyncio.timeout(0.3):
            await long_running_task()
    except TimeoutError:
        print("The long operation timed out, but we've handled it.")

    print("This statement will run regardless.")

asyncio.run(main())
