# Source: Python docs, contextlib, asynccontextmanager ("Context managers defined with asynccontextmanager() can be used either as decorators..."), https://docs.python.org/3.11/library/contextlib.html#contextlib.asynccontextmanager
# Changed: main()'s body ("... async code ...") sleeps 0.2 s; the elapsed time is printed truncated to tenths
import asyncio
import time
from contextlib import asynccontextmanager

@asynccontextmanager
async def timeit():
    now = time.monotonic()
    try:
        yield
    finally:
        print(f'it took {int((time.monotonic() - now) * 10) / 10}s to run')

@timeit()
async def main():
    # ... async code ...
    await asyncio.sleep(0.2)

asyncio.run(main())
