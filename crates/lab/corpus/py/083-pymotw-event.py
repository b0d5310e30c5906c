# Source: PyMOTW-3 (Doug Hellmann), asyncio, https://pymotw.com/3/asyncio/synchronization.html, source/asyncio/asyncio_event.py in https://github.com/dhellmann/pymotw-3
# Changed: unchanged
# Copyright (c) 2014 Doug Hellmann.  All rights reserved. (BSD license: LICENSE-pymotw.txt beside this corpus)
"""Using an event primitive
"""

import asyncio
import functools


def set_event(event):
    print('setting event in callback')
    event.set()


async def coro1(event):
    print('coro1 waiting for event')
    await event.wait()
    print('coro1 triggered')


async def coro2(event):
    print('coro2 waiting for event')
    await event.wait()
    print('coro2 triggered')


async def main(loop):
    # Create a shared event
    event = asyncio.Event()
    print('event start state: {}'.format(event.is_set()))

    loop.call_later(
        0.1, functools.partial(set_event, event)
    )

    await asyncio.wait([coro1(event), coro2(event)])
    print('event end state: {}'.format(event.is_set()))


event_loop = asyncio.get_event_loop()
try:
    event_loop.run_until_complete(main(event_loop))
finally:
    event_loop.close()
