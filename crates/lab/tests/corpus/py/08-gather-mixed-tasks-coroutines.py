# gather wraps coroutines in new tasks (queued in argument order) and takes tasks as they are.
import asyncio


async def step(name):
    print(name, "a")
    await asyncio.sleep(0)
    print(name, "b")
    return name


async def main():
    t = asyncio.create_task(step("task"))
    r = await asyncio.gather(step("c1"), t, step("c2"))
    print(r)


asyncio.run(main())
