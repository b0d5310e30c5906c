# contextlib: an @asynccontextmanager used as a decorator (a fresh context per call),
# AsyncExitStack (async and sync exits, callbacks, last in first out), asyncio.run(debug=True).
import asyncio
import time
from contextlib import AsyncExitStack, asynccontextmanager, suppress


@asynccontextmanager
async def timed(label):
    start = time.monotonic()
    print('enter', label)
    try:
        yield label.upper()
    finally:
        print('exit', label, round(time.monotonic() - start, 1))


@timed('job')
async def job(n):
    await asyncio.sleep(n / 10)
    print('job body', n)
    return n * 2


class Sync:
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        print('sync enter', self.name)
        return self.name
    def __exit__(self, *exc):
        print('sync exit', self.name)


async def cleanup(what):
    await asyncio.sleep(0)
    print('async callback', what)


async def ticker():
    for i in range(6):
        print('tick', i)
        await asyncio.sleep(0)


async def main():
    t = asyncio.create_task(ticker())
    print(await job(1), await job(2))
    async with AsyncExitStack() as stack:
        a = await stack.enter_async_context(timed('a'))
        b = stack.enter_context(Sync('b'))
        stack.callback(print, 'plain callback')
        stack.push_async_callback(cleanup, 'c')
        c = await stack.enter_async_context(timed('d'))
        print('inside', a, b, c)
        await asyncio.sleep(0)
    print('after stack')
    stack2 = AsyncExitStack()
    await stack2.enter_async_context(timed('e'))
    await stack2.aclose()
    with suppress(KeyError):
        {}['x']
    await t


asyncio.run(main(), debug=True)
