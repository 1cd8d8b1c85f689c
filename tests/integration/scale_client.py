#!/usr/bin/env python3
"""Many concurrent HTTP/1.1 keep-alive connections, for
tests/integration/test_scale.sh: opens N connections to HOST:PORT spread
over source addresses, each asking GET PATH once and kept open, idle;
then, told to, asks again on every one; then closes them all.

    scale_client.py HOST PORT N SRC_FIRST NSRC [PATH]

SRC_FIRST is the first of NSRC consecutive source addresses (e.g.
10.0.1.1 and 64: 10.0.1.1 .. 10.0.1.64), all of them local addresses of
this host. Phases, each reported as one JSON line on stdout:

    open      connect and one request each (at most WINDOW connects at once)
    (waits for a line "requery" on stdin: the caller measures the guest)
    requery   one more request on every connection still open
    (waits for a line "close" on stdin)
    close     every connection closed by us (FIN)

A phase's line has ok (every connection answered 200 with the whole
body), the counts, the seconds it took and the first errors. The process
exits 0 if every phase was ok. Every wait is bounded (TIMEOUT, default
120 s per request; a phase at most PHASE_TIMEOUT, default 600 s)."""
import asyncio
import ipaddress
import json
import os
import resource
import sys
import time

TIMEOUT = float(os.environ.get("TIMEOUT", "120"))
PHASE_TIMEOUT = float(os.environ.get("PHASE_TIMEOUT", "600"))
WINDOW = int(os.environ.get("WINDOW", "256"))


def report(phase, ok, **kw):
    kw.update(phase=phase, ok=bool(ok))
    print(json.dumps(kw), flush=True)
    return ok


async def request(conn, host, path):
    """One GET on an open connection: the status and the body's length checked."""
    reader, writer = conn
    writer.write(("GET %s HTTP/1.1\r\nHost: %s\r\n\r\n" % (path, host)).encode())
    await asyncio.wait_for(writer.drain(), TIMEOUT)
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), TIMEOUT)
    lines = head.decode("latin-1").split("\r\n")
    status = lines[0].split(" ")[1] if len(lines[0].split(" ")) > 1 else "?"
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
        if name.strip().lower() == "connection" and value.strip().lower() == "close":
            raise ConnectionError("the server asked to close")
    body = await asyncio.wait_for(reader.readexactly(length), TIMEOUT)
    if status != "200":
        raise ConnectionError("status %s" % status)
    return len(body)


async def open_one(i, host, port, srcs, path, sem):
    async with sem:
        src = srcs[i % len(srcs)]
        conn = await asyncio.wait_for(
            asyncio.open_connection(host, port, local_addr=(src, 0)), TIMEOUT)
        try:
            await request(conn, host, path)
        except BaseException:
            conn[1].close()
            raise
        return conn


async def phase(name, coros):
    """Run the coroutines; the results (connections or None) and the report fields."""
    start = time.monotonic()
    results = await asyncio.wait_for(
        asyncio.gather(*coros, return_exceptions=True), PHASE_TIMEOUT)
    errors = [repr(r) for r in results if isinstance(r, BaseException)]
    good = [r for r in results if not isinstance(r, BaseException)]
    fields = dict(count=len(results), good=len(good), failed=len(errors),
                  seconds=round(time.monotonic() - start, 2), errors=errors[:5])
    return results, fields


async def wait_for_line(word):
    loop = asyncio.get_running_loop()
    line = await asyncio.wait_for(loop.run_in_executor(None, sys.stdin.readline),
                                  PHASE_TIMEOUT)
    return line.strip() == word


async def main(host, port, n, src_first, nsrc, path):
    first = ipaddress.IPv4Address(src_first)
    srcs = [str(first + k) for k in range(nsrc)]
    sem = asyncio.Semaphore(WINDOW)
    ok = True

    results, f = await phase("open", [open_one(i, host, port, srcs, path, sem)
                                      for i in range(n)])
    conns = [r for r in results if not isinstance(r, BaseException)]
    ok &= report("open", f["good"] == n, sources=nsrc, **f)
    if not await wait_for_line("requery"):
        return False

    async def again(conn):
        async with sem:
            return await request(conn, host, path)

    results, f = await phase("requery", [again(c) for c in conns])
    ok &= report("requery", f["good"] == n, **f)
    if not await wait_for_line("close"):
        return False

    start = time.monotonic()
    for _, writer in conns:
        writer.close()
    closed = await asyncio.gather(*[w.wait_closed() for _, w in conns],
                                  return_exceptions=True)
    errors = [repr(e) for e in closed if isinstance(e, BaseException)]
    ok &= report("close", True, count=len(conns),
                 seconds=round(time.monotonic() - start, 2), errors=errors[:5])
    return ok


if __name__ == "__main__":
    if len(sys.argv) not in (6, 7):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    want = int(sys.argv[3]) + 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, want), max(hard, want)))
    sys.exit(0 if asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]),
                                   sys.argv[4], int(sys.argv[5]),
                                   sys.argv[6] if len(sys.argv) == 7 else "/"))
             else 1)
