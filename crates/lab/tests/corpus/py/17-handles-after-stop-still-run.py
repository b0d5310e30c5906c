# asyncio.run's callback stops the loop only after the whole batch it is in: a handle queued
# behind it still runs ("a 3"), one queued later does not ("a 4").
import asyncio


async def quick():
    return "q"


async def chatty():
    print("a 1")
    await asyncio.sleep(0)
    print("a 2")
    await asyncio.sleep(0)
    print("a 3")
    await asyncio.sleep(0)
    print("a 4")


async def main():
    w = asyncio.create_task(quick())
    asyncio.create_task(chatty())
    print("main got", await w)


asyncio.run(main())
