# Awaiting a task that is already done returns its result at once: no trip through the loop.
import asyncio


async def quick():
    print("quick runs")
    return 42


async def other():
    print("other runs")


async def main():
    t = asyncio.create_task(quick())
    await asyncio.sleep(0.05)
    asyncio.create_task(other())
    x = await t
    print("got", x)
    await asyncio.sleep(0)
    print("main done")


asyncio.run(main())
