# Source: Python docs, asyncio "Synchronization Primitives", asyncio.Lock ("which is equivalent to" acquire/try/finally/release), https://docs.python.org/3.11/library/asyncio-sync.html#asyncio.Lock
# Changed: the docs' acquire/release form is used by two worker coroutines that print lock.locked() around a short sleep
import asyncio

lock = asyncio.Lock()

async def worker(name):
    # ... later
    await lock.acquire()
    try:
        # access shared state
        print(name, 'holds the lock:', lock.locked())
        await asyncio.sleep(0.05)
    finally:
        lock.release()
    print(name, 'released; locked now:', lock.locked())

async def main():
    await asyncio.gather(worker('first'), worker('second'))

asyncio.run(main())
