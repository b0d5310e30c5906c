# Source: Python docs, asyncio "Coroutines and Tasks", section "Shielding From Cancellation", https://docs.python.org/3.11/library/asyncio-task.html#shielding-from-cancellation
# Changed: the docs' statement is wrapped in a coroutine that is cancelled from main(); something() (undefined in the docs) sleeps 0.2 s and prints
import asyncio
from asyncio import CancelledError, shield

async def something():
    await asyncio.sleep(0.2)
    print('something() finished')
    return 'result'

async def caller():
    task = asyncio.create_task(something())
    try:
        res = await shield(task)
    except CancelledError:
        res = None
    print('caller got', res)
    await task
    print('task result', task.result())

async def main():
    t = asyncio.create_task(caller())
    await asyncio.sleep(0.05)
    t.cancel()
    await t

asyncio.run(main())
