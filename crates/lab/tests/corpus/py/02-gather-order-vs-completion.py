# gather returns results in argument order, whatever order the children finish in.
import asyncio


async def fetch(name, delay):
    print("start", name)
    await asyncio.sleep(delay)
    print("end", name)
    return name


async def main():
    results = await asyncio.gather(fetch("slow", 0.15), fetch("fast", 0.05), fetch("mid", 0.1))
    print(results)


asyncio.run(main())
