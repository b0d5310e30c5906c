# Source: PEP 492 "Coroutines with async and await syntax", section "Asynchronous Context Managers and async with", https://peps.python.org/pep-0492/#asynchronous-context-managers-and-async-with
# Changed: log() (undefined in the PEP) is a coroutine that prints; a main() uses the manager
import asyncio

async def log(msg):
    await asyncio.sleep(0)
    print(msg)

class AsyncContextManager:
    async def __aenter__(self):
        await log('entering context')

    async def __aexit__(self, exc_type, exc, tb):
        await log('exiting context')

async def main():
    async with AsyncContextManager():
        print('inside')

asyncio.run(main())
