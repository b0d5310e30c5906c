# A chain of tasks: each wake-up after a task finishes costs one hop.
import asyncio


async def leaf():
    print("leaf")
    return "L"


async def branch():
    t = asyncio.create_task(leaf())
    v = await t
    print("branch got", v)
    return "B"


async def ticker():
    print("t1")
    await asyncio.sleep(0)
    print("t2")
    await asyncio.sleep(0)
    print("t3")
    await asyncio.sleep(0)
    print("t4")


async def main():
    asyncio.create_task(ticker())
    b = asyncio.create_task(branch())
    print("main got", await b)


asyncio.run(main())
