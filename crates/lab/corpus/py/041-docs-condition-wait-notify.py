# Source: Python docs, asyncio "Synchronization Primitives", asyncio.Condition (usage), https://docs.python.org/3.11/library/asyncio-sync.html#asyncio.Condition
# Changed: the docs' "async with cond: await cond.wait()" is used by two waiters; main() notifies them with notify_all()
import asyncio

cond = asyncio.Condition()

async def waiter(name):
    # ... later
    async with cond:
        print(name, 'waiting')
        await cond.wait()
        print(name, 'woken')

async def main():
    tasks = [asyncio.create_task(waiter(n)) for n in ('w1', 'w2')]
    await asyncio.sleep(0.05)
    async with cond:
        cond.notify_all()
    await asyncio.gather(*tasks)

asyncio.run(main())
