# Source: Real Python, "Async IO in Python: A Complete Walkthrough" (Brad Solomon), countasync.py, https://realpython.com/async-io-python/#the-asyncawait-syntax-and-native-coroutines
# Changed: __file__ (the path of the script) replaced by the literal name "countasync.py"; the elapsed time printed truncated to tenths instead of with two decimals
import asyncio

async def count():
    print("One")
    await asyncio.sleep(1)
    print("Two")

async def main():
    await asyncio.gather(count(), count(), count())

if __name__ == "__main__":
    import time
    s = time.perf_counter()
    asyncio.run(main())
    elapsed = time.perf_counter() - s
    print(f"countasync.py executed in {int((elapsed) * 10) / 10} seconds.")
