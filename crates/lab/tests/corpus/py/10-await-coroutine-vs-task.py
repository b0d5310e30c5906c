# `await coro()` runs now; `await create_task(coro())` lets queued tasks go first.
import asyncio


async def hello(name):
    print("hello", name)


async def main():
    asyncio.create_task(hello("queued"))
    await hello("inline")
    await asyncio.create_task(hello("as task"))
    print("main done")


asyncio.run(main())
