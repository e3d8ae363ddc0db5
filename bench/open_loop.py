"""An open-loop load generator: requests arrive at a fixed average rate whatever the server
does, and each latency is counted from the moment its request was due.

Why not wrk or hey: wrk is closed-loop (each connection waits for its answer before sending
again), so it measures capacity, and the latency it reports is mostly its own queue. hey's
`-q` rate limit starts every worker's clock at the same instant, so the requests arrive in
bursts of one per worker (eight at once every 40 ms at 200 requests/s): measured here, the home
page's median was 32 ms at 40 requests/s offered against 9.5 ms for one request at a time,
which is the burst, not the page. wrk2, which does this properly, is in no registry these
machines reach.

Arrivals form a Poisson process (independent visitors, exponential gaps, a fixed seed so runs
compare). Requests go out over a pool of keep-alive connections, as from a reverse proxy:
`connections` are opened before the clock starts and used in turn (the least recently used
idle one first, so the load spreads over the server's workers as the connections do), and a
new one is opened only when all are busy. A request that is late because the server is busy
is counted late from when it was due (no coordinated omission). The client's own cost is a
few hundred microseconds of CPU per request: raw sockets and the minimum of HTTP/1.1 a Django
response needs (Content-Length, keep-alive, reconnect when the server closes an idle connection).

Usage: python -m bench.open_loop http://127.0.0.1:8000/ --rate 200 --duration 10
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
from collections import Counter, deque
from urllib.parse import urlsplit


class _Closed(Exception):
    """The server closed a keep-alive connection before answering (it may, when idle)."""


async def _exchange(reader, writer, request: bytes) -> int:
    writer.write(request)
    await writer.drain()
    status_line = await reader.readline()
    if not status_line:
        raise _Closed
    status = int(status_line.split()[1])
    length, close = 0, False
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "connection" and value.strip().lower() == "close":
            close = True
    await reader.readexactly(length)
    return -status if close else status


async def run(url: str, rate: float, duration: float, seed: int = 1, connections: int = 8) -> dict:
    parts = urlsplit(url)
    host, port = parts.hostname, parts.port or 80
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nUser-Agent: deh-bench-open-loop\r\n"
        "Accept: text/html\r\n\r\n"
    ).encode()
    loop = asyncio.get_running_loop()
    idle: deque[tuple] = deque()
    latencies: list[float] = []
    statuses: Counter = Counter()
    errors = 0
    opened = 0

    async def one(due: float) -> None:
        nonlocal errors, opened
        for attempt in range(2):
            reused = bool(idle) and attempt == 0
            if reused:
                reader, writer = idle.popleft()
            else:
                reader, writer = await asyncio.open_connection(host, port)
                opened += 1
            try:
                status = await _exchange(reader, writer, request)
            except (_Closed, ConnectionError, asyncio.IncompleteReadError):
                writer.close()
                if reused:
                    continue  # an idle connection the server had closed: resend on a new one
                errors += 1
                return
            latencies.append(loop.time() - due)
            statuses[abs(status)] += 1
            if status < 0:
                writer.close()
            else:
                idle.append((reader, writer))
            return

    for _ in range(connections):
        idle.append(await asyncio.open_connection(host, port))
    opened = connections
    rng = random.Random(seed)
    start = due = loop.time()
    tasks = []
    while True:
        due += rng.expovariate(rate)
        if due - start > duration:
            break
        if (delay := due - loop.time()) > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(due)))
    await asyncio.gather(*tasks)
    elapsed = loop.time() - start
    for _reader, writer in idle:
        writer.close()
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    bad = errors + sum(n for code, n in statuses.items() if not 200 <= code < 300)
    return {
        "offered": rate,
        "requests": len(tasks),
        "rps": len(latencies) / elapsed,
        "p50_us": cuts[49] * 1e6,
        "p95_us": cuts[94] * 1e6,
        "p99_us": cuts[98] * 1e6,
        "bad": bad,
        "connections": opened,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    figures = asyncio.run(run(args.url, args.rate, args.duration, args.seed, args.connections))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
