import asyncio
async def producer(q, n):
    for i in range(n):
        await q.put(i)
        print('put', i)
    await q.put(None)
async def consumer(q):
    while True:
        item = await q.get()
        if item is None:
            break
        print('consumed', item)
        await asyncio.sleep(0.01)
async def main():
    q = asyncio.Queue(maxsize=2)
    await asyncio.gather(producer(q, 5), consumer(q))
    pq = asyncio.PriorityQueue()
    for p in [5, 1, 3, 1, 4]:
        pq.put_nowait((p, f'job{p}'))
    while not pq.empty():
        print(await pq.get())
    lq = asyncio.LifoQueue()
    for p in range(3):
        await lq.put(p)
    print([lq.get_nowait() for _ in range(3)])
    cond = asyncio.Condition()
    async def w(i):
        async with cond:
            await cond.wait()
            print('notified', i)
    ts = [asyncio.create_task(w(i)) for i in range(3)]
    await asyncio.sleep(0)
    async with cond:
        cond.notify(2)
    await asyncio.sleep(0)
    async with cond:
        cond.notify_all()
    await asyncio.gather(*ts)
    sem = asyncio.BoundedSemaphore(1)
    await sem.acquire()
    sem.release()
    try:
        sem.release()
    except ValueError as e:
        print(e)
asyncio.run(main())
