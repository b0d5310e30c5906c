# Source: Python docs 3.14, asyncio "Call Graph Introspection", asyncio.print_call_graph example, https://docs.python.org/3.14/library/asyncio-graph.html
# Changed: unchanged (on Python 3.11 asyncio has no print_call_graph, so the task fails with AttributeError)
import asyncio

async def test():
    asyncio.print_call_graph()

async def main():
    async with asyncio.TaskGroup() as g:
        g.create_task(test(), name='test')

asyncio.run(main())
