# Awaiting a coroutine runs it inline, in the same task: no other task runs in between.
import asyncio


async def inner(n):
    print("inner", n)
    return n


async def middle():
    print("middle start")
    a = await inner(1)
    b = await inner(2)
    print("middle end", a, b)
    return "m"


async def bystander():
    print("bystander")


async def main():
    asyncio.create_task(bystander())
    r = await middle()
    print("main got", r)
    await asyncio.sleep(0)
    print("main done")


asyncio.run(main())
