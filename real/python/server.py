"""The event loop of `asyncviz real` with flavor asyncio: FastAPI on uvicorn (plain asyncio).

    python server.py [--workers N --offload-cpu]

Answers GET /work?steps=c2000,i50000,b15000 after performing its steps: c computes for that many
microseconds of this thread's CPU time (on N worker threads with --offload-cpu, through
run_in_executor, where Python's GIL still lets only one of them compute at a time), i awaits
asyncio.sleep, b blocks the loop with time.sleep. Prints "LISTENING PORT" once it listens on
127.0.0.1.
"""

import argparse
import asyncio
import os
import socket
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import fastapi
import uvicorn
from fastapi import FastAPI, HTTPException
from fastapi.responses import PlainTextResponse

app = FastAPI()
offload: ThreadPoolExecutor | None = None
sink = 0


def parse(text: str) -> list[tuple[str, int]]:
    steps = []
    for s in text.split(","):
        if len(s) < 2 or s[0] not in "cib" or not s[1:].isdigit():
            raise HTTPException(400, f"bad step {s!r}")
        steps.append((s[0], int(s[1:])))
    return steps


def compute(us: int) -> None:
    """Busy computation until this thread has had `us` µs of CPU time."""
    global sink
    end = time.thread_time_ns() + us * 1000
    x = sink
    while time.thread_time_ns() < end:
        for _ in range(50):
            x = (x * 1103515245 + 12345) & 0xFFFFFFFF
    sink = x


@app.get("/work", response_class=PlainTextResponse)
async def work(steps: str) -> str:
    start = time.perf_counter_ns()
    for kind, us in parse(steps):
        if kind == "c":
            if offload is None:
                compute(us)
            else:
                await asyncio.get_running_loop().run_in_executor(offload, compute, us)
        elif kind == "i":
            await asyncio.sleep(us / 1e6)
        else:
            time.sleep(us / 1e6)
    return f"ok {(time.perf_counter_ns() - start) // 1000}"


@app.get("/ready", response_class=PlainTextResponse)
async def ready() -> str:
    v = sys.version.split()[0]
    return f"fastapi {fastapi.__version__} on uvicorn {uvicorn.__version__}, python {v}"


def main() -> None:
    global offload
    p = argparse.ArgumentParser()
    p.add_argument("--workers", type=int, default=0)
    p.add_argument("--offload-cpu", action="store_true")
    args = p.parse_args()
    if args.offload_cpu and args.workers > 0:
        offload = ThreadPoolExecutor(max_workers=args.workers)
    # `asyncviz real` holds standard input open: when it goes away, so does the server.
    threading.Thread(target=lambda: (sys.stdin.buffer.read(), os._exit(0)), daemon=True).start()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(4096)
    print(f"LISTENING {sock.getsockname()[1]}", flush=True)
    config = uvicorn.Config(app, loop="asyncio", http="h11", lifespan="off",
                            log_level="warning", access_log=False, backlog=4096)
    uvicorn.Server(config).run(sockets=[sock])


if __name__ == "__main__":
    main()
