# The awaiter of a finished task wakes one hop later; when main returns, the loop still runs the
# rest of the batch in which asyncio.run's callback runs, and then stops.
import asyncio


async def spinner():
    print("spin 1")
    await asyncio.sleep(0)
    print("spin 2")
    await asyncio.sleep(0)
    print("spin 3")


async def worker():
    await asyncio.sleep(0.05)
    asyncio.create_task(spinner())
    print("worker done")
    return "w"


async def main():
    print("main got", await asyncio.create_task(worker()))


asyncio.run(main())
