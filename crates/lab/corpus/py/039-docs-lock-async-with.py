# Source: Python docs, asyncio "Synchronization Primitives", asyncio.Lock (usage), https://docs.python.org/3.11/library/asyncio-sync.html#asyncio.Lock
# Changed: the docs' "async with lock: # access shared state" is used by three worker coroutines that print around a short sleep
import asyncio

lock = asyncio.Lock()

async def worker(name):
    # ... later
    async with lock:
        # access shared state
        print(name, 'enters')
        await asyncio.sleep(0.05)
        print(name, 'leaves')

async def main():
    await asyncio.gather(worker('a'), worker('b'), worker('c'))

asyncio.run(main())
