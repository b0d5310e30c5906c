# Source: Python docs, asyncio "Coroutines and Tasks", section "Task Groups", https://docs.python.org/3.11/library/asyncio-task.html#task-groups
# Changed: the docs leave some_coro(...) and another_coro(...) undefined; here they sleep briefly and return a value
import asyncio

async def some_coro(x):
    await asyncio.sleep(0.1)
    return x

async def another_coro(x):
    await asyncio.sleep(0.05)
    return x * 2

async def main():
    async with asyncio.TaskGroup() as tg:
        task1 = tg.create_task(some_coro(1))
        task2 = tg.create_task(another_coro(2))
    print(f"Both tasks have completed now: {task1.result()}, {task2.result()}")

asyncio.run(main())
