# Source: Python docs, asyncio "Coroutines and Tasks", section "Sleeping" (display_date), https://docs.python.org/3.11/library/asyncio-task.html#sleeping
# Changed: datetime.datetime.now() (wall-clock) replaced by a counter; times divided by 10 (5 s window and 1 s sleeps become 0.5 s and 0.1 s)
import asyncio

async def display_date():
    loop = asyncio.get_running_loop()
    end_time = loop.time() + 0.5
    n = 0
    while True:
        n += 1
        print(n)
        if (loop.time() + 0.1) >= end_time:
            break
        await asyncio.sleep(0.1)

asyncio.run(display_date())
