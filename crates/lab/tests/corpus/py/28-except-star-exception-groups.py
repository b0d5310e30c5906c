import asyncio
async def fail(n, exc):
    await asyncio.sleep(0.01 * n)
    raise exc
async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fail(0, ValueError('v1')))
            tg.create_task(fail(0, TypeError('t1')))
            tg.create_task(asyncio.sleep(1))
    except* ValueError as eg:
        print('values', eg.exceptions)
    except* TypeError as eg:
        print('types', [str(e) for e in eg.exceptions])
    try:
        try:
            raise KeyError('solo')
        except* KeyError as eg:
            print('solo', repr(eg), eg.exceptions)
    except Exception as e:
        print('not reached', e)
    try:
        try:
            raise ExceptionGroup('grp', [ValueError(1), KeyError(2)])
        except* ValueError:
            print('took values')
    except* KeyError as e:
        print('outer', e, e.exceptions)
asyncio.run(main())
