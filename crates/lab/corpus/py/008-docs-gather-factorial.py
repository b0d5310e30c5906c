# Source: Python docs, asyncio "Coroutines and Tasks", section "Running Tasks Concurrently" (gather example), https://docs.python.org/3.11/library/asyncio-task.html#running-tasks-concurrently
# Changed: asyncio.sleep(1) shortened to asyncio.sleep(0.1)
import asyncio

async def factorial(name, number):
    f = 1
    for i in range(2, number + 1):
        print(f"Task {name}: Compute factorial({number}), currently i={i}...")
        await asyncio.sleep(0.1)
        f *= i
    print(f"Task {name}: factorial({number}) = {f}")
    return f

async def main():
    # Schedule three calls *concurrently*:
    L = await asyncio.gather(
        factorial("A", 2),
        factorial("B", 3),
        factorial("C", 4),
    )
    print(L)

asyncio.run(main())
