"""Closed-loop load on loopback: ``wrk`` when installed, else a small multi-process client.

Both keep ``concurrency`` requests in flight, rotate through the given paths, warm up
for a second, then measure for a bounded time and return the same summary:
requests per second, latency percentiles, non-200 responses and socket errors, and the
client's own CPU share (to show the client is not the bottleneck).
"""
from __future__ import annotations

import json
import math
import multiprocessing
import os
import queue
import resource
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Callable

WRK_SCRIPT = """
local paths = {%(paths)s}
local threads = {}
local counter = 1

setup = function(thread)
  thread:set("offset", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

init = function(args)
  i = offset
  bad = 0
end

request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end

response = function(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end

done = function(summary, latency, requests)
  local not_ok = 0
  for _, t in ipairs(threads) do not_ok = not_ok + t:get("bad") end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p95_us": %%d, "p99_us": %%d,'
    .. ' "not_200": %%d, "socket_errors": %%d, "bytes": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), not_ok, e.connect + e.read + e.write + e.timeout, summary.bytes))
end
"""


def _lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _summary(requests: int, seconds: float, latencies_us: list[float] | None, *, p50=None,
             p95=None, p99=None, not_200: int, socket_errors: int, cpu: float, tool: str,
             total_bytes: int, server_cpu: float) -> dict:
    if latencies_us is not None:
        ordered = sorted(latencies_us)

        def pct(q: float) -> float:
            return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)] if ordered else 0.0
        p50, p95, p99 = pct(0.50), pct(0.95), pct(0.99)
    return {
        "rps": round(requests / seconds, 1) if seconds else 0.0,
        "p50_ms": round(p50 / 1000, 2), "p95_ms": round(p95 / 1000, 2),
        "p99_ms": round(p99 / 1000, 2), "requests": requests,
        "status_errors": not_200, "socket_errors": socket_errors,
        "bytes_per_response": round(total_bytes / requests) if requests else 0,
        # Server CPU per request hardly depends on other load on the machine, unlike rps.
        "server_cpu_ms": round(server_cpu * 1000 / requests, 3) if requests else 0.0,
        "client_cpu_share": round(cpu / (seconds * (os.cpu_count() or 1)), 3) if seconds else 0.0,
        "client": tool,
    }


def run_wrk(host: str, port: int, paths: list[str], *, seconds: float, concurrency: int,
            server_cpu: Callable[[], float], warmup: float = 1.0) -> dict:
    """Measure with wrk (one thread): a warm-up run, then the measured run."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % {"paths": ", ".join(_lua_string(p) for p in paths)})
    try:
        base = ["wrk", "-t1", f"-c{concurrency}", "--timeout", "10s", "-s", script.name]
        url = f"http://{host}:{port}{paths[0]}"
        subprocess.run([*base, f"-d{max(1, math.ceil(warmup))}s", url], check=True,
                       capture_output=True, text=True)
        before, server_before = _children_cpu(), server_cpu()
        out = subprocess.run([*base, f"-d{max(1, math.ceil(seconds))}s", url], check=True,
                             capture_output=True, text=True).stdout
        cpu, server = _children_cpu() - before, server_cpu() - server_before
    finally:
        Path(script.name).unlink(missing_ok=True)
    line = next(l for l in out.splitlines() if l.startswith("BENCH "))
    data = json.loads(line.removeprefix("BENCH "))
    return _summary(data["requests"], data["duration_us"] / 1e6, None, p50=data["p50_us"],
                    p95=data["p95_us"], p99=data["p99_us"], not_200=data["not_200"],
                    socket_errors=data["socket_errors"], cpu=cpu, tool="wrk",
                    total_bytes=data["bytes"], server_cpu=server)


def _client(host: str, port: int, paths: list[str], offset: int, start_at: float,
            measure_from: float, stop_at: float, results) -> None:
    """One connection's closed loop. gunicorn's sync workers close every connection, so
    each request opens its own (``Connection: close``) and is read to the end."""
    wire = [f"GET {p} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n"
            f"User-Agent: bench-pages\r\n\r\n".encode() for p in paths]
    latencies, not_200, errors, received, i = [], 0, 0, 0, offset
    cpu_from = None
    time.sleep(max(0.0, start_at - time.monotonic()))
    while True:
        started = time.monotonic()
        if started >= stop_at:
            break
        if cpu_from is None and started >= measure_from:
            cpu_from = time.process_time()
        i = (i + 1) % len(wire)
        status = 0
        try:
            with socket.create_connection((host, port), timeout=10) as sock:
                sock.sendall(wire[i])
                chunks = []
                while chunk := sock.recv(65536):
                    chunks.append(chunk)
            head = chunks[0] if chunks else b""
            status = int(head[9:12]) if head.startswith(b"HTTP/") else 0
        except (OSError, ValueError):
            errors += 1 if started >= measure_from else 0
            continue
        finished = time.monotonic()
        if started >= measure_from and finished <= stop_at:
            latencies.append((finished - started) * 1e6)
            not_200 += status != 200
            received += sum(map(len, chunks))
    cpu = time.process_time() - cpu_from if cpu_from is not None else 0.0
    results.put((latencies, not_200, errors, received, cpu))


def run_python(host: str, port: int, paths: list[str], *, seconds: float, concurrency: int,
               server_cpu: Callable[[], float], warmup: float = 1.0) -> dict:
    """Measure with ``concurrency`` client processes (one blocking connection each)."""
    ctx = multiprocessing.get_context("spawn")
    results = ctx.Queue()
    start_at = time.monotonic() + 1.5  # time for the spawned processes to start
    measure_from, stop_at = start_at + warmup, start_at + warmup + seconds
    procs = [ctx.Process(target=_client, args=(host, port, paths, n * 37, start_at,
                                               measure_from, stop_at, results), daemon=True)
             for n in range(concurrency)]
    for proc in procs:
        proc.start()
    time.sleep(max(0.0, measure_from - time.monotonic()))
    server_before = server_cpu()
    time.sleep(max(0.0, stop_at - time.monotonic()))
    server = server_cpu() - server_before
    collected, deadline = [], stop_at + 60
    while len(collected) < len(procs):
        try:
            collected.append(results.get(timeout=1))
        except queue.Empty:
            if time.monotonic() > deadline or not any(p.is_alive() for p in procs):
                for proc in procs:
                    proc.kill()
                raise RuntimeError("the load client processes failed") from None
    for proc in procs:
        proc.join(10)
    cpu = sum(c[4] for c in collected)  # the measured window only, not start-up
    latencies = [lat for chunk, *_ in collected for lat in chunk]
    return _summary(len(latencies), seconds, latencies, not_200=sum(c[1] for c in collected),
                    socket_errors=sum(c[2] for c in collected), cpu=cpu, tool="python",
                    total_bytes=sum(c[3] for c in collected), server_cpu=server)


def measure(host: str, port: int, paths: list[str], *, seconds: float, concurrency: int,
            server_cpu: Callable[[], float], client: str = "auto") -> dict:
    """Pick the client: wrk if present (or asked for), the Python client otherwise.

    ``server_cpu()`` gives the server's CPU seconds so far; it is read at both ends of
    the measured window.
    """
    runner = run_wrk if client == "wrk" or (client == "auto" and shutil.which("wrk")) else run_python
    return runner(host, port, paths, seconds=seconds, concurrency=concurrency,
                  server_cpu=server_cpu)
