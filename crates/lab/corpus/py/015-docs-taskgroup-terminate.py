# Source: Python docs, asyncio "Coroutines and Tasks", section "Terminating a Task Group", https://docs.python.org/3.13/library/asyncio-task.html#terminating-a-task-group
# Changed: sleeps divided by 5 (0.5 s/1.5 s/1 s become 0.1 s/0.3 s/0.2 s)
import asyncio
from asyncio import TaskGroup

class TerminateTaskGroup(Exception):
    """Exception raised to terminate a task group."""

async def force_terminate_task_group():
    """Used to force termination of a task group."""
    raise TerminateTaskGroup()

async def job(task_id, sleep_time):
    print(f'Task {task_id}: start')
    await asyncio.sleep(sleep_time)
    print(f'Task {task_id}: done')

async def main():
    try:
        async with TaskGroup() as group:
            # spawn some tasks
            group.create_task(job(1, 0.1))
            group.create_task(job(2, 0.3))
            # sleep for 1 second
            await asyncio.sleep(0.2)
            # add an exception-raising task to force the group to terminate
            group.create_task(force_terminate_task_group())
    except* TerminateTaskGroup:
        pass

asyncio.run(main())
