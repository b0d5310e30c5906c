# Source: Python docs, asyncio "Coroutines and Tasks", section "Waiting Primitives" (asyncio.as_completed example), https://docs.python.org/3.11/library/asyncio-task.html#asyncio.as_completed
# Changed: the docs' loop is wrapped in main() with three coroutines of different lengths; each earliest result is printed
import asyncio
from asyncio import as_completed

async def work(n):
    await asyncio.sleep(n / 10)
    return n

async def main():
    aws = [work(3), work(1), work(2)]
    for coro in as_completed(aws):
        earliest_result = await coro
        print(earliest_result)

asyncio.run(main())
