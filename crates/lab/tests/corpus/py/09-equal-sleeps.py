# Timers due at the same time fire in the order they were created, in one batch.
import asyncio


async def sleeper(name):
    await asyncio.sleep(0.1)
    print(name)


async def main():
    asyncio.create_task(sleeper("first"))
    asyncio.create_task(sleeper("second"))
    asyncio.create_task(sleeper("third"))
    await asyncio.sleep(0.15)
    print("main")


asyncio.run(main())
