# Even when every child is already done, gather's callbacks take one hop and the wake-up another.
import asyncio


async def value(v):
    return v


async def ticker():
    print("tick 1")
    await asyncio.sleep(0)
    print("tick 2")
    await asyncio.sleep(0)
    print("tick 3")


async def main():
    t1 = asyncio.create_task(value(1))
    t2 = asyncio.create_task(value(2))
    await asyncio.sleep(0.05)
    asyncio.create_task(ticker())
    print(await asyncio.gather(t1, t2))
    print(await asyncio.gather())
    print("main done")


asyncio.run(main())
