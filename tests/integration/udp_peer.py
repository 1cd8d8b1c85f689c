#!/usr/bin/python3
"""The Linux side of tests/integration/test_udp.sh: talks UDP to Skiff.

usage: udp_peer.py COMMAND HOST [ARGS]
  echo HOST SIZES        RFC 862 round trips for each size (e.g. 1-1472,8000);
                         prints "echo: N ok, M failed" and the failed sizes;
                         after GIVE_UP sizes in a row without an answer the
                         rest count as failed without waiting
  refused HOST PORT      connected socket to a closed port: expects the ICMP
                         port unreachable as ECONNREFUSED; prints "refused"
  flood HOST PORT COUNT SIZE
                         COUNT datagrams as fast as they go; prints "sent N"
                         (and "stalled after N" if a send blocked STALL s)
  daytime HOST           RFC 867: prints the line Skiff answered with
  chargen HOST COUNT     RFC 864: COUNT requests; checks each answer's
                         length (0..512) and pattern; prints "chargen: ..."
Every wait is bounded; exit status 0 when the check passed.
"""
import os
import socket
import sys

TIMEOUT = 2.0
TRIES = 3
GIVE_UP = 10        # consecutive sizes without an answer: stop trying
STALL = 5.0         # seconds a flood send may block before the flood stops


def sizes_of(spec):
    out = []
    for part in spec.split(","):
        lo, _, hi = part.partition("-")
        out.extend(range(int(lo), int(hi or lo) + 1))
    return out


def echo(host, spec):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    s.connect((host, 7))
    s.settimeout(TIMEOUT)
    failed, streak = [], 0
    for size in sizes_of(spec):
        if streak >= GIVE_UP:
            failed.append(size)  # the peer is gone: stop waiting on it
            continue
        payload = os.urandom(size)
        for _ in range(TRIES):
            s.send(payload)
            try:
                # Skip stale answers to an earlier (timed-out) try.
                while True:
                    got = s.recv(65535)
                    if got == payload:
                        break
            except socket.timeout:
                continue
            streak = 0
            break
        else:
            failed.append(size)
            streak += 1
    total = len(sizes_of(spec))
    print(f"echo: {total - len(failed)} ok, {len(failed)} failed")
    if failed:
        print("failed sizes:", ",".join(map(str, failed[:50])))
    return not failed


def refused(host, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.connect((host, int(port)))
    s.settimeout(TIMEOUT)
    for _ in range(TRIES):
        s.send(b"anyone there?")
        try:
            s.recv(100)
            print("unexpected answer")
            return False
        except ConnectionRefusedError:
            print("refused")
            return True
        except socket.timeout:
            pass
    print("no ICMP port unreachable")
    return False


def flood(host, port, count, size):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.connect((host, int(port)))
    # Datagrams queued on the tap count against this socket's send buffer
    # until QEMU reads them, so a stalled guest blocks send(): bounded.
    s.settimeout(STALL)
    payload = b"d" * int(size)
    sent = 0
    for _ in range(int(count)):
        try:
            s.send(payload)
            sent += 1
        except socket.timeout:
            print(f"stalled after {sent}")
            break
        except OSError:
            pass  # ENOBUFS: not sent, not counted
    print(f"sent {sent}")
    return True


def daytime(host):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(TIMEOUT)
    for _ in range(TRIES):
        s.sendto(b"?", (host, 13))
        try:
            print(s.recv(512).decode("ascii", "replace").rstrip("\r\n"))
            return True
        except socket.timeout:
            pass
    print("no answer")
    return False


def chargen_ok(data):
    """RFC 864: 72 printable characters per line, each line shifted by one."""
    if data.endswith(b"\r"):
        data = data[:-1]  # cut between CR and LF
    lines = data.split(b"\r\n")
    prev = None
    for line in lines:
        if len(line) > 72 or any(c < 32 or c > 126 for c in line):
            return False
        for a, b in zip(line, line[1:]):
            if b != (a - 32 + 1) % 95 + 32:
                return False
        if prev is not None and line and len(prev) == 72:
            if line[0] != (prev[0] - 32 + 1) % 95 + 32:
                return False
        prev = line
    return True


def chargen(host, count):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(TIMEOUT)
    lengths, bad = [], 0
    for _ in range(int(count)):
        s.sendto(b"", (host, 19))
        try:
            data = s.recv(2048)
        except socket.timeout:
            bad += 1
            continue
        lengths.append(len(data))
        if len(data) > 512 or not chargen_ok(data):
            bad += 1
    print(f"chargen: {len(lengths)} answers, lengths {min(lengths, default=0)}"
          f"..{max(lengths, default=0)}, {len(set(lengths))} distinct, {bad} bad")
    return bad == 0 and len(set(lengths)) > 1


def main(argv):
    cmds = {"echo": echo, "refused": refused, "flood": flood,
            "daytime": daytime, "chargen": chargen}
    if len(argv) < 3 or argv[1] not in cmds:
        print(__doc__)
        return 2
    return 0 if cmds[argv[1]](*argv[2:]) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
