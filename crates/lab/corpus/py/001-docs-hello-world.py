# Source: Python docs, asyncio "Coroutines and Tasks", section "Coroutines", https://docs.python.org/3.11/library/asyncio-task.html#coroutines
# Changed: the REPL session written as a script
import asyncio

async def main():
    print('hello')
    await asyncio.sleep(1)
    print('world')

asyncio.run(main())
