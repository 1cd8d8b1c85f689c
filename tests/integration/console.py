#!/usr/bin/python3
"""Skiff's serial console over QEMU's chardev socket (lib.sh's serial_send
and serial_cmd; why two ways: lib.sh).

    console.py send SOCKET TEXT      type TEXT, hang up once it is echoed
    console.py cmd SOCKET CMD SECS   run CMD, print its output up to the prompt
"""
import socket
import sys
import time

PROMPT = b"skiff> "


def connect(path):
    s = socket.socket(socket.AF_UNIX)
    for _ in range(50):
        try:
            s.connect(path)
            return s
        except OSError:
            time.sleep(0.1)
    s.connect(path)
    return s


def send(path, text):
    """Type text; hang up as soon as the guest has echoed its last line and
    the Enter after it, or, with nothing to wait for, once the output pauses
    for 0.3 s; at most 3 s either way."""
    s = connect(path)
    lines = [l for l in text.replace(b"\r", b"\n").split(b"\n") if l.strip()]
    tail = lines[-1][-16:] if lines and text.endswith((b"\r", b"\n")) else None
    s.sendall(text)
    s.settimeout(0.3)
    seen = b""
    end = time.monotonic() + 3
    while time.monotonic() < end:
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            if tail is None:
                break
            continue
        if not chunk:
            break
        seen += chunk
        at = seen.find(tail) if tail else -1
        if at >= 0 and b"\n" in seen[at + len(tail):]:
            break
    s.close()


def cmd(path, command, seconds):
    """Run command and return what the socket received after its echoed line,
    up to the next prompt (at most seconds). Input typed while the guest is
    busy can be lost between QEMU's chardev and the UART: a command not
    echoed within 10 s is typed again, three times at most; one that was
    echoed is only waited for."""
    s = connect(path)
    s.settimeout(0.2)
    seen, start, closed = b"", -1, False
    end = time.monotonic() + seconds
    for attempt in range(3):
        if attempt:
            sys.stderr.write("# '%s' not echoed by the shell; typed again\n" % command.decode())
        s.sendall(command + b"\r")
        retype = min(time.monotonic() + 10, end)
        while time.monotonic() < (end if start >= 0 else retype):
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                continue
            if not chunk:
                closed = True
                break
            seen += chunk
            if start < 0:
                at = seen.find(command)
                nl = seen.find(b"\n", at) if at >= 0 else -1
                start = nl + 1 if nl >= 0 else -1
            if start >= 0 and PROMPT in seen[start:]:
                break
        if closed or start >= 0 or time.monotonic() >= end:
            break
    s.close()
    out = seen[max(start, 0):]
    cut = out.find(PROMPT)
    out = out[:cut] if cut >= 0 else out
    return out.replace(b"\r", b"").decode("utf-8", "replace")


if __name__ == "__main__":
    if sys.argv[1] == "send":
        send(sys.argv[2], sys.argv[3].encode())
    else:
        sys.stdout.write(cmd(sys.argv[2], sys.argv[3].encode(), float(sys.argv[4])))
