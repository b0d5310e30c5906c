# time.sleep inside a coroutine blocks the whole event loop: no other task runs until it returns.
# asyncio.sleep would have let the ticker go on.
import asyncio
import time


async def ticker():
    for i in range(3):
        print("tick", i)
        await asyncio.sleep(0.1)


async def blocker():
    print("blocker calls time.sleep(0.3)")
    time.sleep(0.3)
    print("blocker is back")


async def main():
    start = time.perf_counter()
    await asyncio.gather(ticker(), blocker())
    print(f"took {time.perf_counter() - start:.1f} s")


asyncio.run(main())
