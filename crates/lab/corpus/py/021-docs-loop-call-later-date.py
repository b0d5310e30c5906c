# Source: Python docs, asyncio "Event Loop", example "Display the current date with call_later()", https://docs.python.org/3.11/library/asyncio-eventloop.html#display-the-current-date-with-call-later
# Changed: datetime.datetime.now() (wall-clock) replaced by a counter; times divided by 10 (5 s window and 1 s steps become 0.5 s and 0.1 s)
import asyncio
import itertools

counter = itertools.count(1)

def display_date(end_time, loop):
    print(next(counter))
    if (loop.time() + 0.1) < end_time:
        loop.call_later(0.1, display_date, end_time, loop)
    else:
        loop.stop()

loop = asyncio.new_event_loop()

# Schedule the first call to display_date()
end_time = loop.time() + 0.5
loop.call_soon(display_date, end_time, loop)

# Blocking call interrupted by loop.stop()
try:
    loop.run_forever()
finally:
    loop.close()
