# Source: Python docs, contextlib, AsyncExitStack example, https://docs.python.org/3.11/library/contextlib.html#contextlib.AsyncExitStack
# Changed: the docs' block is wrapped in main(); get_connection is the asynccontextmanager from the same page, with stand-in acquire/release coroutines that print
import asyncio
from contextlib import AsyncExitStack, asynccontextmanager

counter = 0

async def acquire_db_connection():
    global counter
    counter += 1
    print('acquire', counter)
    return counter

async def release_db_connection(conn):
    print('release', conn)

@asynccontextmanager
async def get_connection():
    conn = await acquire_db_connection()
    try:
        yield conn
    finally:
        await release_db_connection(conn)

async def main():
    async with AsyncExitStack() as stack:
        connections = [await stack.enter_async_context(get_connection())
            for i in range(5)]
        # All opened connections will automatically be released at the end of
        # the async with statement, even if attempts to open a connection
        # later in the list raise an exception.
        print(connections)

asyncio.run(main())
