# Source: PEP 492 "Coroutines with async and await syntax", section "Asynchronous Iterators and async for" (AsyncIteratorWrapper example), https://peps.python.org/pep-0492/#example-2
# Changed: the module-level "async for" is put inside main(), run with asyncio.run
import asyncio

class AsyncIteratorWrapper:
    def __init__(self, obj):
        self._it = iter(obj)

    def __aiter__(self):
        return self

    async def __anext__(self):
        try:
            value = next(self._it)
        except StopIteration:
            raise StopAsyncIteration
        return value

async def main():
    async for letter in AsyncIteratorWrapper("abc"):
        print(letter)

asyncio.run(main())
