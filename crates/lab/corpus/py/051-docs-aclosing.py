# Source: Python docs, contextlib, aclosing example, https://docs.python.org/3.11/library/contextlib.html#contextlib.aclosing
# Changed: the docs' block is wrapped in main(); my_generator (undefined in the docs) yields 40, 41, 42, 43 and reports when it is closed
import asyncio
from contextlib import aclosing

async def my_generator():
    try:
        for value in range(40, 44):
            await asyncio.sleep(0)
            yield value
    finally:
        print('generator closed')

async def main():
    async with aclosing(my_generator()) as values:
        async for value in values:
            print(value)
            if value == 42:
                break
    print('after the block')

asyncio.run(main())
