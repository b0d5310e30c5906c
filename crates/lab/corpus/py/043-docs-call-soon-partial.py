# Source: Python docs, asyncio "Event Loop", loop.call_soon ("Use functools.partial() to pass keyword arguments"), https://docs.python.org/3.11/library/asyncio-eventloop.html#asyncio.loop.call_soon
# Changed: the docs' statement is run inside main() with the running loop
import asyncio
import functools

async def main():
    loop = asyncio.get_running_loop()
    # will schedule "print("Hello", flush=True)"
    loop.call_soon(
        functools.partial(print, "Hello", flush=True))
    print('scheduled')
    await asyncio.sleep(0)

asyncio.run(main())
