# Source: Python docs, asyncio "Coroutines and Tasks", section "Timeouts" (asyncio.timeout_at), https://docs.python.org/3.11/library/asyncio-task.html#asyncio.timeout_at
# Changed: long_running_task (not defined in the docs) sleeps 1.5 s; the 20 s deadline becomes 0.3 s
import asyncio

async def long_running_task():
    await asyncio.sleep(1.5)

async def main():
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 0.3
    try:
        async with asyncio.timeout_at(deadline):
            await long_running_task()
    except TimeoutError:
        print("The long operation timed out, but we've handled it.")

    print("This statement will run regardless.")

asyncio.run(main())
