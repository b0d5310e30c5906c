# Source: Python docs, asyncio "Coroutines and Tasks", section "Awaitables" (Futures), https://docs.python.org/3.11/library/asyncio-task.html#awaitables
# Changed: function_that_returns_a_future_object and some_python_coroutine (undefined in the docs) are defined; the results are printed
import asyncio

def function_that_returns_a_future_object():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.call_later(0.05, fut.set_result, 'future result')
    return fut

async def some_python_coroutine():
    return 'coroutine result'

async def main():
    print(await function_that_returns_a_future_object())

    # this is also valid:
    print(await asyncio.gather(
        function_that_returns_a_future_object(),
        some_python_coroutine()
    ))

asyncio.run(main())
