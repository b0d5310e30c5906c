# Source: PEP 525 "Asynchronous Generators", section "Rationale and Goals" (ticker), https://peps.python.org/pep-0525/#rationale-and-goals
# Changed: a main() that iterates ticker(0.1, 5) with async for and prints each value was added (the PEP shows only the generator)
import asyncio

async def ticker(delay, to):
    """Yield numbers from 0 to *to* every *delay* seconds."""
    for i in range(to):
        yield i
        await asyncio.sleep(delay)

async def main():
    async for i in ticker(0.1, 5):
        print(i)

asyncio.run(main())
