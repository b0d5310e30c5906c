# Source: PyMOTW-3 (Doug Hellmann), asyncio, https://pymotw.com/3/asyncio/scheduling.html, source/asyncio/asyncio_call_at.py in https://github.com/dhellmann/pymotw-3
# Changed: the clock and loop times (wall-clock) are printed as the seconds since the loop time `now`, rounded to tenths; the 1 s sleep becomes 0.3 s
# Copyright (c) 2014 Doug Hellmann.  All rights reserved. (BSD license: LICENSE-pymotw.txt beside this corpus)
"""Scheduling a callback with call_at
"""

import asyncio
import time


def callback(n, loop):
    print('callback {} invoked at {}'.format(n, round(loop.time() - START, 1)))


async def main(loop):
    global START
    now = START = loop.time()
    print('clock time: {}'.format(round(time.time() - time.time())))
    print('loop  time: {}'.format(round(now - START, 1)))

    print('registering callbacks')
    loop.call_at(now + 0.2, callback, 1, loop)
    loop.call_at(now + 0.1, callback, 2, loop)
    loop.call_soon(callback, 3, loop)

    await asyncio.sleep(0.3)


event_loop = asyncio.get_event_loop()
try:
    print('entering event loop')
    event_loop.run_until_complete(main(event_loop))
finally:
    print('closing event loop')
    event_loop.close()
