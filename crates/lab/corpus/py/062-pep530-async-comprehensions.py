# Source: PEP 530 "Asynchronous Comprehensions", section "Specification", https://peps.python.org/pep-0530/#specification
# Changed: aiter(), funcs and condition() (undefined in the PEP) are defined; the two comprehensions run in main() and print their results
import asyncio

async def aiter():
    for i in range(6):
        await asyncio.sleep(0)
        yield i

def make(n):
    async def fun():
        await asyncio.sleep(0)
        return n
    return fun

funcs = [make(n) for n in range(3)]

async def condition():
    await asyncio.sleep(0)
    return True

async def main():
    result = [i async for i in aiter() if i % 2]
    print(result)
    result = [await fun() for fun in funcs if await condition()]
    print(result)

asyncio.run(main())
