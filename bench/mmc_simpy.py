#!/usr/bin/env python3
"""The M/M/c model of bench/mmc_1m.json, written the usual SimPy way.

Poisson arrivals at LAMBDA per second, C servers (a simpy.Resource), and
exponential service with mean 1/MU, for CUSTOMERS customers. Prints one JSON
line: wall seconds, customers per second, and the mean wait in the queue (to
compare with asyncviz's `wait_ms.mean` and with Erlang C), so both programs
are seen to simulate the same system. The 95 % confidence half-width of the
mean wait comes from 20 batch means (customers in arrival order); at
rho = 0.9 one seed's mean wait varies by a few per cent.

    python3 bench/mmc_simpy.py [--customers N] [--seed S]
"""

import argparse
import json
import math
import platform
import random
import sys
import time

import simpy

# Must match bench/mmc_1m.json: rate_per_s 720, io_ms {"exp": 10}, threads 8.
LAMBDA = 720.0  # arrivals per second
MU = 100.0  # services per second per server (mean 10 ms)
C = 8  # servers
BATCHES = 20
T_19_975 = 2.093  # Student t, 19 degrees of freedom, two-sided 95 %


def erlang_c_wait_s(lam, mu, c):
    """Mean time in queue of M/M/c (Erlang C), in seconds."""
    a = lam / mu
    rho = a / c
    head = sum(a**k / math.factorial(k) for k in range(c))
    tail = a**c / math.factorial(c) / (1.0 - rho)
    return tail / (head + tail) / (c * mu - lam)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--customers", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    rng = random.Random(args.seed)
    expo = rng.expovariate
    env = simpy.Environment()
    servers = simpy.Resource(env, capacity=C)
    stats = {"served": 0, "wait": 0.0, "sojourn": 0.0}
    batch_wait = [0.0] * BATCHES
    per_batch = -(-args.customers // BATCHES)

    def customer(env, arrived, batch):
        with servers.request() as req:
            yield req
            w = env.now - arrived
            stats["wait"] += w
            batch_wait[batch] += w
            yield env.timeout(expo(MU))
        stats["served"] += 1
        stats["sojourn"] += env.now - arrived

    def source(env, n):
        for i in range(n):
            yield env.timeout(expo(LAMBDA))
            env.process(customer(env, env.now, i // per_batch))

    t0 = time.perf_counter()
    env.process(source(env, args.customers))
    env.run()
    wall = time.perf_counter() - t0

    n = stats["served"]
    assert n == args.customers, (n, args.customers)
    sizes = [min(per_batch, n - b * per_batch) for b in range(BATCHES)]
    means = [w / k for w, k in zip(batch_wait, sizes) if k > 0]
    m = sum(means) / len(means)
    sd = math.sqrt(sum((x - m) ** 2 for x in means) / max(len(means) - 1, 1))
    half_width_ms = T_19_975 * sd / math.sqrt(len(means)) * 1000.0
    print(
        json.dumps(
            {
                "tool": "simpy",
                "simpy": simpy.__version__,
                "python": platform.python_version(),
                "customers": n,
                "lambda_per_s": LAMBDA,
                "mu_per_s": MU,
                "servers": C,
                "sim_time_s": round(env.now, 3),
                "wall_s": round(wall, 3),
                "customers_per_s": round(n / wall, 1),
                "mean_wait_ms": round(stats["wait"] / n * 1000.0, 4),
                "mean_wait_ci95_ms": round(half_width_ms, 4),
                "mean_sojourn_ms": round(stats["sojourn"] / n * 1000.0, 4),
                "erlang_c_wait_ms": round(erlang_c_wait_s(LAMBDA, MU, C) * 1000.0, 4),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
