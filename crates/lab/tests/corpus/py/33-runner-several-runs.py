# asyncio.Runner: one loop for several runs; a task left on the loop between runs, cancelled at
# close; the loop made the policy's; a closed runner; a run of something not a coroutine.
import asyncio

async def main(n):
    await asyncio.sleep(0.01 * n)
    print('hello', n, asyncio.current_task().get_name())
    return n * 2

async def forever():
    print('forever starts')
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print('forever cancelled')
        raise

with asyncio.Runner() as runner:
    print(runner.run(main(1)))
    loop = runner.get_loop()
    loop.create_task(forever())
    print(runner.run(main(2)))
    print(loop is asyncio.get_event_loop())
print('closed')
r = asyncio.Runner()
print(r.run(main(3)))
r.close()
r.close()
try:
    r.run(main(4))
except RuntimeError as e:
    print('error', e)
try:
    asyncio.Runner().run(5)
except ValueError as e:
    print('error', e)
print(asyncio.run(main(5)))
