import asyncio
import time

async def worker(name, q, lock, results):
    while True:
        item = await q.get()
        async with lock:
            results.append((name, item))
            await asyncio.sleep(0.01)
        q.task_done()

async def main():
    q = asyncio.Queue()
    lock = asyncio.Lock()
    results = []
    for i in range(6):
        q.put_nowait(i)
    tasks = [asyncio.create_task(worker(f'w{i}', q, lock, results)) for i in range(3)]
    await q.join()
    for t in tasks:
        t.cancel()
    res = await asyncio.gather(*tasks, return_exceptions=True)
    print(results)
    print([type(r).__name__ for r in res])
    ev = asyncio.Event()
    async def waiter(n):
        print('waiting', n)
        await ev.wait()
        print('woke', n)
    ws = [asyncio.create_task(waiter(i)) for i in range(2)]
    await asyncio.sleep(0)
    ev.set()
    await asyncio.gather(*ws)
    try:
        await asyncio.wait_for(asyncio.sleep(1), timeout=0.1)
    except asyncio.TimeoutError:
        print('timeout')
    async with asyncio.TaskGroup() as tg:
        t1 = tg.create_task(asyncio.sleep(0.05, result='a'))
        t2 = tg.create_task(asyncio.sleep(0.02, result='b'))
    print(t1.result(), t2.result(), t1.done(), t2.get_name())
    async def boom():
        await asyncio.sleep(0.01)
        raise ValueError('boom')
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(boom())
            tg.create_task(asyncio.sleep(1))
    except ExceptionGroup as eg:
        print('eg', eg.exceptions, eg)
    start = time.monotonic()
    time.sleep(0.2)
    print(int((time.monotonic() - start) * 10) / 10)
    sem = asyncio.Semaphore(2)
    async def s(i):
        async with sem:
            print('in', i)
            await asyncio.sleep(0.01 * (i + 1))
            print('out', i)
    await asyncio.gather(*(s(i) for i in range(4)))
    async def agen():
        for i in range(3):
            await asyncio.sleep(0)
            yield i
    print([x async for x in agen()])
    async for v in agen():
        print('v', v)
    done, pending = await asyncio.wait([asyncio.create_task(asyncio.sleep(0.01))], timeout=1)
    print(len(done), len(pending))
    for c in asyncio.as_completed([asyncio.create_task(asyncio.sleep(0.02, 'x')), asyncio.create_task(asyncio.sleep(0.01, 'y'))]):
        print(await c)
    t = asyncio.create_task(asyncio.sleep(1))
    await asyncio.sleep(0)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print('cancelled', t.cancelled())
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.call_later(0.01, fut.set_result, 7)
    loop.call_soon(print, 'soon')
    print(await fut)
    try:
        async with asyncio.timeout(0.01):
            await asyncio.sleep(1)
    except TimeoutError:
        print('timeout cm')
    r = await asyncio.shield(asyncio.sleep(0.01, 's'))
    print(r)

asyncio.run(main())
