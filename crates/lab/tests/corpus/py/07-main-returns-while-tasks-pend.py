# When main returns, asyncio.run cancels what is still pending: "never" is not printed.
import asyncio


async def slow():
    print("slow started")
    await asyncio.sleep(0.1)
    print("never")


async def fast():
    print("fast started")


async def main():
    asyncio.create_task(slow())
    await asyncio.sleep(0)
    asyncio.create_task(fast())
    print("main returns")


asyncio.run(main())
print("after run")
