# Source: Python docs, asyncio "Coroutines and Tasks", section "Waiting Primitives" (asyncio.wait usage), https://docs.python.org/3.11/library/asyncio-task.html#asyncio.wait
# Changed: the docs' one-line usage "done, pending = await asyncio.wait(aws)" is wrapped in main() with three tasks and a timeout; the counts are printed
import asyncio

async def work(n):
    await asyncio.sleep(n / 10)
    return n

async def main():
    aws = [asyncio.create_task(work(n)) for n in (1, 2, 5)]
    done, pending = await asyncio.wait(aws, timeout=0.3)
    print(len(done), len(pending))
    print(sorted(t.result() for t in done))
    for t in pending:
        t.cancel()

asyncio.run(main())
