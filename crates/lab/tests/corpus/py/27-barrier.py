import asyncio
async def worker(b, i):
    print('arrive', i, b.n_waiting)
    await asyncio.sleep(i * 0.05)
    idx = await b.wait()
    print('passed', i, idx, b.n_waiting, b.broken)
    return idx
async def main():
    b = asyncio.Barrier(3)
    print(await asyncio.gather(*(worker(b, i) for i in range(3))))
    print(await asyncio.gather(*(worker(b, i) for i in range(3))))
    b2 = asyncio.Barrier(2)
    t = asyncio.create_task(b2.wait())
    await asyncio.sleep(0)
    await b2.abort()
    try:
        await t
    except asyncio.BrokenBarrierError as e:
        print('broken', e, b2.broken)
asyncio.run(main())
