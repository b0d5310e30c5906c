# Source: Python docs, asyncio "Coroutines and Tasks", Task.uncancel (make_request_with_timeout example), https://docs.python.org/3.11/library/asyncio-task.html#asyncio.Task.uncancel
# Changed: make_request, make_another_request, unrelated_code and log (undefined in the docs) are stand-ins that print; the 1 s timeout is 0.2 s and make_another_request is too slow for it
import asyncio

def log(msg):
    print(msg)

async def make_request():
    await asyncio.sleep(0.1)
    print('request done')

async def make_another_request():
    await asyncio.sleep(0.5)
    print('another request done')

async def unrelated_code():
    print('unrelated code')

async def make_request_with_timeout():
    try:
        async with asyncio.timeout(0.2):
            # Structured block affected by the timeout:
            await make_request()
            await make_another_request()
    except TimeoutError:
        log("There was a timeout")
    # Outer code not affected by the timeout:
    await unrelated_code()

asyncio.run(make_request_with_timeout())
