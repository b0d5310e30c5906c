import asyncio
async def bg():
    try:
        await asyncio.sleep(10)
    finally:
        print('bg cleanup')
async def main():
    asyncio.create_task(bg())
    await asyncio.sleep(0.01)
    print('main done')
asyncio.run(main())
print('after run')
