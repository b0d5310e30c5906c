# A task starts only when main() yields to the loop; main's own prints come first.
import asyncio


async def worker(name):
    print(name, "started")
    await asyncio.sleep(0.05)
    print(name, "finished")


async def main():
    asyncio.create_task(worker("a"))
    asyncio.create_task(worker("b"))
    print("tasks created")
    await asyncio.sleep(0.1)
    print("main done")


asyncio.run(main())
