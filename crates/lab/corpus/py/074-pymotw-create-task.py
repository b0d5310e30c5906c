# Source: PyMOTW-3 (Doug Hellmann), asyncio, https://pymotw.com/3/asyncio/tasks.html, source/asyncio/asyncio_create_task.py in https://github.com/dhellmann/pymotw-3
# Changed: the task's repr (it shows this file's path) is printed as task.get_name() and task.done()
# Copyright (c) 2014 Doug Hellmann.  All rights reserved. (BSD license: LICENSE-pymotw.txt beside this corpus)
"""Starting a task
"""

import asyncio


async def task_func():
    print('in task_func')
    return 'the result'


async def main(loop):
    print('creating task')
    task = loop.create_task(task_func())
    print('waiting for {!r}'.format((task.get_name(), task.done())))
    return_value = await task
    print('task completed {!r}'.format((task.get_name(), task.done())))
    print('return value: {!r}'.format(return_value))


event_loop = asyncio.get_event_loop()
try:
    event_loop.run_until_complete(main(event_loop))
finally:
    event_loop.close()
