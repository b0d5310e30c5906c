# Source: Python docs, "Developing with asyncio", section "Detect never-awaited coroutines", https://docs.python.org/3.11/library/asyncio-dev.html#detect-never-awaited-coroutines
# Changed: unchanged
import asyncio

async def test():
    print("never scheduled")

async def main():
    test()

asyncio.run(main(), debug=True)
