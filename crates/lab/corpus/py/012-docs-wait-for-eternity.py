# Source: Python docs, asyncio "Coroutines and Tasks", section "Timeouts" (wait_for example), https://docs.python.org/3.11/library/asyncio-task.html#asyncio.wait_for
# Changed: the 1.0 s timeout becomes 0.2 s
import asyncio

async def eternity():
    # Sleep for one hour
    await asyncio.sleep(3600)
    print('yay!')

async def main():
    # Wait for at most 1 second
    try:
        await asyncio.wait_for(eternity(), timeout=0.2)
    except TimeoutError:
        print('timeout!')

asyncio.run(main())

# Expected output:
#
#     timeout!
