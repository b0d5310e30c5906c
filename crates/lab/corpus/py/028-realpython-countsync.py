# Source: Real Python, "Async IO in Python: A Complete Walkthrough" (Brad Solomon), countsync.py, https://realpython.com/async-io-python/#the-asyncawait-syntax-and-native-coroutines
# Changed: __file__ replaced by the literal name "countsync.py"; time.sleep(1) shortened to time.sleep(0.3); elapsed printed truncated to tenths instead of with two decimals
import time

def count():
    print("One")
    time.sleep(0.3)
    print("Two")

def main():
    for _ in range(3):
        count()

if __name__ == "__main__":
    s = time.perf_counter()
    main()
    elapsed = time.perf_counter() - s
    print(f"countsync.py executed in {int((elapsed) * 10) / 10} seconds.")
