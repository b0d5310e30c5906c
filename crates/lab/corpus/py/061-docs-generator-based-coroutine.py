# Source: Python docs 3.10, asyncio "Coroutines and Tasks", section "Generator-based Coroutines", https://docs.python.org/3.10/library/asyncio-task.html#generator-based-coroutines
# Changed: asyncio.run(main()) added (on Python 3.11 @asyncio.coroutine no longer exists, so this fails with AttributeError)
import asyncio

@asyncio.coroutine
def old_style_coroutine():
    yield from asyncio.sleep(1)

async def main():
    await old_style_coroutine()

asyncio.run(main())
