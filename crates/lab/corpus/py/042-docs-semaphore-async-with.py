# Source: Python docs, asyncio "Synchronization Primitives", asyncio.Semaphore (usage), https://docs.python.org/3.11/library/asyncio-sync.html#asyncio.Semaphore
# Changed: the docs' "sem = asyncio.Semaphore(10) ... async with sem:" is used by 5 workers with a semaphore of 2 (not 10) so that some wait
import asyncio

sem = asyncio.Semaphore(2)

async def worker(i):
    # ... later
    async with sem:
        # work with shared resource
        print('start', i)
        await asyncio.sleep(0.05)
        print('end', i)

async def main():
    await asyncio.gather(*(worker(i) for i in range(5)))

asyncio.run(main())
