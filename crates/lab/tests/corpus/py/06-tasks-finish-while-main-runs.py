# Tasks that finish while main sleeps; main picks up their results later.
import asyncio


async def job(name, delay):
    await asyncio.sleep(delay)
    print(name, "done")
    return name


async def main():
    t1 = asyncio.create_task(job("one", 0.05))
    t2 = asyncio.create_task(job("two", 0.1))
    await asyncio.sleep(0.15)
    print("main woke")
    print(await t2)
    print(await t1)


asyncio.run(main())
