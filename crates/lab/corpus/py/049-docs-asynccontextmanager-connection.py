# Source: Python docs, contextlib, asynccontextmanager (get_connection example), https://docs.python.org/3.11/library/contextlib.html#contextlib.asynccontextmanager
# Changed: acquire_db_connection, release_db_connection and the connection object (undefined in the docs) are small stand-ins that print; get_all_users is run and its result printed
import asyncio
from contextlib import asynccontextmanager

class Connection:
    def query(self, sql):
        return ['alice', 'bob']

async def acquire_db_connection():
    print('acquire')
    await asyncio.sleep(0.01)
    return Connection()

async def release_db_connection(conn):
    await asyncio.sleep(0.01)
    print('release')

@asynccontextmanager
async def get_connection():
    conn = await acquire_db_connection()
    try:
        yield conn
    finally:
        await release_db_connection(conn)

async def get_all_users():
    async with get_connection() as conn:
        return conn.query('SELECT ...')

print(asyncio.run(get_all_users()))
