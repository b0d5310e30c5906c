# Source: Real Python, "Async IO in Python: A Complete Walkthrough" (Brad Solomon), section "Other Features: async for and Async Generators + Comprehensions", https://realpython.com/async-io-python/#other-features-async-for-and-async-generators-comprehensions
# Changed: asyncio.sleep(0.1) shortened to 0.05; the REPL lines ">>> g" and ">>> f" become print(g) and print(f)
import asyncio

async def mygen(u: int = 10):
    """Yield powers of 2."""
    i = 0
    while i < u:
        yield 2 ** i
        i += 1
        await asyncio.sleep(0.05)

async def main():
    # This does *not* introduce concurrent execution
    # It is meant to show syntax only
    g = [i async for i in mygen()]
    f = [j async for j in mygen() if not (j // 3 % 5)]
    return g, f

g, f = asyncio.run(main())
print(g)
print(f)
