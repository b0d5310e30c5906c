import asyncio
async def main():
    print('before')
    raise ValueError('oops')
asyncio.run(main())
