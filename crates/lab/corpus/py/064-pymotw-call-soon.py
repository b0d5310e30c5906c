# Source: PyMOTW-3 (Doug Hellmann), asyncio, https://pymotw.com/3/asyncio/scheduling.html, source/asyncio/asyncio_call_soon.py in https://github.com/dhellmann/pymotw-3
# Changed: unchanged
# Copyright (c) 2014 Doug Hellmann.  All rights reserved. (BSD license: LICENSE-pymotw.txt beside this corpus)
"""Scheduling a callback with call_soon
"""

import asyncio
import functools


def callback(arg, *, kwarg='default'):
    print('callback invoked with {} and {}'.format(arg, kwarg))


async def main(loop):
    print('registering callbacks')
    loop.call_soon(callback, 1)
    wrapped = functools.partial(callback, kwarg='not default')
    loop.call_soon(wrapped, 2)

    await asyncio.sleep(0.1)


event_loop = asyncio.get_event_loop()
try:
    print('entering event loop')
    event_loop.run_until_complete(main(event_loop))
finally:
    print('closing event loop')
    event_loop.close()
