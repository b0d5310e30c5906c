import asyncio, time
def blocking(n):
    time.sleep(n)
    return n
async def tick(name):
    for i in range(3):
        print(name, i, round(time.perf_counter() - START, 1))
        await asyncio.sleep(0.1)
async def main():
    t = asyncio.create_task(tick('a'))
    await asyncio.sleep(0)
    blocking(0.25)
    print('blocked done')
    await t
START = time.perf_counter()
asyncio.run(main())
x = 10
print(f'{x:>5}|{x:<5}|{x:^5}|{x:+d}|{-x:x}|{255:#x}|{3.5:e}|{1e-7}|{123.456:10.1f}|{"s":*^7}')
print(1_000_000, 0o17, 0b101, -0.0, 2.0 ** 0.5, 10 / 4, 3 * 1.1, float('inf'), 1e16, 123456789.0 * 10)
print('%d' if False else 'ok', 'a' 'b', """tri
ple""")
