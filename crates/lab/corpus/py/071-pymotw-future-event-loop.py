# Source: PyMOTW-3 (Doug Hellmann), asyncio, https://pymotw.com/3/asyncio/futures.html, source/asyncio/asyncio_future_event_loop.py in https://github.com/dhellmann/pymotw-3
# Changed: unchanged
# Copyright (c) 2014 Doug Hellmann.  All rights reserved. (BSD license: LICENSE-pymotw.txt beside this corpus)
"""Waiting for a future to be done
"""

import asyncio


def mark_done(future, result):
    print('setting future result to {!r}'.format(result))
    future.set_result(result)


event_loop = asyncio.get_event_loop()
try:
    all_done = asyncio.Future()

    print('scheduling mark_done')
    event_loop.call_soon(mark_done, all_done, 'the result')

    print('entering event loop')
    result = event_loop.run_until_complete(all_done)
    print('returned result: {!r}'.format(result))
finally:
    print('closing event loop')
    event_loop.close()

print('future result: {!r}'.format(all_done.result()))
