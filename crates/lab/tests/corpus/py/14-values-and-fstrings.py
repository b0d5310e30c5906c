# How print shows values: str() of each argument, lists as repr, floats the short way.
import asyncio

GREETING = 'hi "there"'


async def show(x):
    print(f"x is {x}!", x)
    return [x, None, True, 'it\'s']


async def main():
    r = await show(0.1)
    print(r)
    print(1.0, 2.50, -3, 1e20, 0.0001, 1e-05, 123456789.125)
    print(GREETING, [GREETING, "tab\there"])
    print()
    print("two\nlines", 'single', """triple""")
    print(await asyncio.sleep(0))


asyncio.run(main())
