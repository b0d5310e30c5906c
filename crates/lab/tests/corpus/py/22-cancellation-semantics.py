import asyncio

async def child(n):
    try:
        await asyncio.sleep(n)
        return n
    except asyncio.CancelledError:
        print('child cancelled', n)
        raise
    finally:
        print('child finally', n)

async def main():
    t = asyncio.create_task(child(0.1))
    await asyncio.sleep(0)
    print(t.cancel(), t.cancel(), t.cancelling())
    res = await asyncio.gather(t, return_exceptions=True)
    print(type(res[0]).__name__, t.cancelled(), t.done())
    t2 = asyncio.create_task(child(0.05))
    print(await t2, t2.result(), t2.exception())
    g = asyncio.gather(child(0.2), child(0.3))
    await asyncio.sleep(0.1)
    g.cancel()
    try:
        await g
    except asyncio.CancelledError:
        print('gather cancelled')
    async def failing():
        await asyncio.sleep(0.01)
        raise RuntimeError('bad')
    try:
        await asyncio.gather(failing(), child(0.05))
    except RuntimeError as e:
        print('gather raised', e)
    await asyncio.sleep(0.1)
    r = await asyncio.gather(failing(), child(0.02), return_exceptions=True)
    print(r)
    async def slow():
        try:
            await asyncio.sleep(1)
        except asyncio.CancelledError:
            print('slow got cancelled, ignoring')
            return 'ignored'
    try:
        print(await asyncio.wait_for(slow(), 0.05))
    except asyncio.TimeoutError:
        print('timeout')
    f = asyncio.get_running_loop().create_future()
    f.add_done_callback(lambda fut: print('cb', fut.result()))
    f.set_result(5)
    await asyncio.sleep(0)
    print('end')

asyncio.run(main())
