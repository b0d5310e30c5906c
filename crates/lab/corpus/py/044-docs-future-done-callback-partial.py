# Source: Python docs, asyncio "Futures", Future.add_done_callback ("fut.add_done_callback(functools.partial(print, "Future:", flush=True))"), https://docs.python.org/3.11/library/asyncio-future.html#asyncio.Future.add_done_callback
# Changed: the docs' statement is run on a future created in main() whose result is then set
import asyncio
import functools

async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    fut.add_done_callback(
        functools.partial(print, "Future:", flush=True))
    fut.set_result(42)
    print('result set')
    await asyncio.sleep(0)

asyncio.run(main())
