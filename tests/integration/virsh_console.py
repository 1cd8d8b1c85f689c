#!/usr/bin/python3
"""Drive `virsh console` on a pseudo-terminal, as a person at it would.

usage: virsh_console.py URI DOMAIN COMMAND EXPECT-REGEX [TIMEOUT]

Attaches to DOMAIN's serial console, presses Enter until Skiff's shell
prompt appears, types COMMAND, waits for EXPECT-REGEX in what comes back,
then detaches with Ctrl-] (virsh's escape). Prints the transcript; exits
0 when EXPECT-REGEX was seen and virsh detached, 1 otherwise, naming what
was missing. Every wait is bounded by TIMEOUT seconds (default 30).
"""
import os
import pty
import re
import select
import sys
import time


class Console:
    """virsh console on a pty; out collects everything it printed."""

    def __init__(self, uri, domain):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execvp("virsh", ["virsh", "-c", uri, "console", "--force", domain])
        self.out = ""
        self.closed = False

    def read_until(self, pattern, deadline, start=0):
        """Read until pattern (None: nothing) matches out[start:], the deadline passes or virsh closes."""
        while not self.closed and time.monotonic() < deadline:
            if pattern and re.search(pattern, self.out[start:]):
                return True
            ready, _, _ = select.select([self.fd], [], [], 0.2)
            if not ready:
                continue
            try:
                data = os.read(self.fd, 4096)
            except OSError:
                data = b""
            if not data:
                self.closed = True
                break
            self.out += data.decode("utf-8", "replace")
        return bool(pattern and re.search(pattern, self.out[start:]))

    def type(self, text):
        if not self.closed:
            os.write(self.fd, text)

    def finish(self):
        """Ctrl-], then reap virsh (killed if it will not go). True if it detached."""
        self.type(b"\x1d")
        end = time.monotonic() + 10
        while time.monotonic() < end:
            done, _ = os.waitpid(self.pid, os.WNOHANG)
            if done:
                return True
            self.read_until(None, time.monotonic() + 0.2)
        os.kill(self.pid, 9)
        os.waitpid(self.pid, 0)
        return False


def run(con, command, expect, deadline):
    """What went missing, or None when the session went as a person expects."""
    if not con.read_until(r"Escape character is", deadline):
        return "virsh's 'Escape character' banner"
    prompt = False
    while not prompt and not con.closed and time.monotonic() < deadline:
        con.type(b"\r")
        prompt = con.read_until(r"skiff> ", min(deadline, time.monotonic() + 2))
    if not prompt:
        return "the 'skiff> ' prompt"
    mark = len(con.out)
    con.type(command.encode() + b"\r")
    if not con.read_until(expect, deadline, mark):
        return "/%s/ after '%s'" % (expect, command)
    return None


def main():
    uri, domain, command, expect = sys.argv[1:5]
    timeout = float(sys.argv[5]) if len(sys.argv) > 5 else 30.0
    con = Console(uri, domain)
    missing = run(con, command, expect, time.monotonic() + timeout)
    detached = con.finish()
    if not missing and not detached:
        missing = "virsh detaching on Ctrl-]"
    sys.stdout.write(con.out.replace("\r", ""))
    if missing:
        print("\nvirsh_console: missing %s" % missing)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
