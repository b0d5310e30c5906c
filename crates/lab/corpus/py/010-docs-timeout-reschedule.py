# Source: Python docs, asyncio "Coroutines and Tasks", section "Timeouts" (Timeout.reschedule), https://docs.python.org/3.11/library/asyncio-task.html#asyncio.Timeout
# Changed: get_running_loop imported from asyncio (the docs use it unqualified); long_running_task (not defined in the docs) sleeps 1.5 s; the 10 s deadline becomes 0.3 s
import asyncio
from asyncio import get_running_loop

async def long_running_task():
    await asyncio.sleep(1.5)

async def main():
    try:
        # We do not know the timeout when starting, so we pass ``None``.
        async with asyncio.timeout(None) as cm:
            # We know the timeout now, so we reschedule it.
            new_deadline = get_running_loop().time() + 0.3
            cm.reschedule(new_deadline)

            await long_running_task()
    except TimeoutError:
        pass

    if cm.expired():
        print("Looks like we haven't finished on time.")

asyncio.run(main())
