# Source: Python docs, asyncio "Synchronization Primitives", asyncio.Barrier example, https://docs.python.org/3.11/library/asyncio-sync.html#asyncio.Barrier
# Changed: print(b) shows the object's memory address; it prints the part of repr(b) after the address instead
import asyncio

async def example_barrier():
   # barrier with 3 parties
   b = asyncio.Barrier(3)

   # create 2 new waiting tasks
   asyncio.create_task(b.wait())
   asyncio.create_task(b.wait())

   await asyncio.sleep(0)
   print(repr(b).split(' [')[1])

   # The third .wait() call passes the barrier
   await b.wait()
   print(repr(b).split(' [')[1])
   print("barrier passed")

   await asyncio.sleep(0)
   print(repr(b).split(' [')[1])

asyncio.run(example_barrier())
