# Source: Python docs, "asyncio — Asynchronous I/O" (module index page, Hello World), https://docs.python.org/3.11/library/asyncio.html
# Changed: unchanged
import asyncio

async def main():
    print('Hello ...')
    await asyncio.sleep(1)
    print('... World!')

asyncio.run(main())
