# Source: Python docs, asyncio "Queues", section "Examples", https://docs.python.org/3.11/library/asyncio-queue.html#examples
# Changed: random.uniform(0.05, 1.0) replaced by a fixed list of 20 sleep times (0.03-0.24 s, chosen so no two sleeps end within 30 ms of each other and the three workers finish at 0.97/1.00/0.92 s); the measured wall-clock total is printed truncated to tenths instead of with two decimals
import asyncio
import random
import time

SLEEPS = [0.24, 0.07, 0.04, 0.14, 0.03, 0.11, 0.17, 0.22, 0.16, 0.14,
          0.17, 0.11, 0.21, 0.13, 0.17, 0.12, 0.22, 0.14, 0.21, 0.09]


async def worker(name, queue):
    while True:
        # Get a "work item" out of the queue.
        sleep_for = await queue.get()

        # Sleep for the "sleep_for" seconds.
        await asyncio.sleep(sleep_for)

        # Notify the queue that the "work item" has been processed.
        queue.task_done()

        print(f'{name} has slept for {sleep_for:.2f} seconds')


async def main():
    # Create a queue that we will use to store our "workload".
    queue = asyncio.Queue()

    # Generate random timings and put them into the queue.
    total_sleep_time = 0
    for sleep_for in SLEEPS:
        total_sleep_time += sleep_for
        queue.put_nowait(sleep_for)

    # Create three worker tasks to process the queue concurrently.
    tasks = []
    for i in range(3):
        task = asyncio.create_task(worker(f'worker-{i}', queue))
        tasks.append(task)

    # Wait until the queue is fully processed.
    started_at = time.monotonic()
    await queue.join()
    total_slept_for = time.monotonic() - started_at

    # Cancel our worker tasks.
    for task in tasks:
        task.cancel()
    # Wait until all worker tasks are cancelled.
    await asyncio.gather(*tasks, return_exceptions=True)

    print('====')
    print(f'3 workers slept in parallel for {int((total_slept_for) * 10) / 10} seconds')
    print(f'total expected sleep time: {total_sleep_time:.2f} seconds')


asyncio.run(main())
