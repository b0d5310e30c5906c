# Source: Python docs, asyncio "Runners", asyncio.Runner, https://docs.python.org/3.11/library/asyncio-runner.html#asyncio.Runner
# Changed: the 1 s sleep shortened to 0.1 s
import asyncio

async def main():
    await asyncio.sleep(0.1)
    print('hello')

with asyncio.Runner() as runner:
    runner.run(main())
