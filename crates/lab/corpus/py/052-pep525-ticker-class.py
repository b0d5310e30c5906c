# Source: PEP 525 "Asynchronous Generators", section "Rationale and Goals" (the Ticker class written without a generator), https://peps.python.org/pep-0525/#rationale-and-goals
# Changed: a main() that iterates Ticker(0.1, 5) with async for and prints each value was added (the PEP shows only the class)
import asyncio

class Ticker:
    """Yield numbers from 0 to `to` every `delay` seconds."""

    def __init__(self, delay, to):
        self.delay = delay
        self.i = 0
        self.to = to

    def __aiter__(self):
        return self

    async def __anext__(self):
        i = self.i
        if i >= self.to:
            raise StopAsyncIteration
        self.i += 1
        if i:
            await asyncio.sleep(self.delay)
        return i

async def main():
    async for i in Ticker(0.1, 5):
        print(i)

asyncio.run(main())
