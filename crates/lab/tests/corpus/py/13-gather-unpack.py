# Unpacking a gather result, returned values, and gather of the same task twice.
import asyncio


async def add_one(n):
    await asyncio.sleep(0.05)
    return n


async def main():
    a, b = await asyncio.gather(add_one(10), add_one(20))
    print(a, b)
    t = asyncio.create_task(add_one(5))
    print(await asyncio.gather(t, t))
    r = await asyncio.gather(asyncio.sleep(0), asyncio.sleep(0.05))
    print(r)


if __name__ == "__main__":
    asyncio.run(main())
