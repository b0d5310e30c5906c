# sleep(0) gives every other ready task one turn: the steps interleave round-robin.
import asyncio


async def count(name):
    print(name, 1)
    await asyncio.sleep(0)
    print(name, 2)
    await asyncio.sleep(0)
    print(name, 3)


async def main():
    t1 = asyncio.create_task(count("a"))
    t2 = asyncio.create_task(count("b"))
    await asyncio.sleep(0)
    print("main after one yield")
    await t1
    await t2
    print("main done")


asyncio.run(main())
