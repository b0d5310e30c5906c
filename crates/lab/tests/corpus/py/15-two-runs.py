# Code around asyncio.run runs in order; each run has its own loop.
import asyncio

print("before")


async def main(n):
    print("main", n)
    await asyncio.sleep(0)
    return n


x = asyncio.run(main(1))
print("between", x)
y = asyncio.run(main(2))
print("after", y)
