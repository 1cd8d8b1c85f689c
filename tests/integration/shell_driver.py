#!/usr/bin/python3
"""An expect-style driver for Skiff's console shell over a QEMU chardev socket.

usage: shell_driver.py SOCKET SCRIPT [SAVEDIR]
SCRIPT lines:  send TEXT      (type TEXT and Enter)
               keys HEX       (type raw bytes, e.g. 1b5b41 for the Up arrow)
               expect REGEX   (wait, at most 20 s, for REGEX in the output since the last send)
               save FILE      (wait for the next prompt; keep the output since the last
                               send, without the echoed command line, in SAVEDIR/FILE)
               host CMD       (run CMD with sh on the host, $VARS from the environment)
               name TEXT      (the name printed for the next checks)
Prints one "ok"/"not ok" line per expect or save, and "shell: N passed, N failed".
"""
import os
import re
import socket
import subprocess
import sys
import time


def main():
    sock_path, script = sys.argv[1], sys.argv[2]
    savedir = sys.argv[3] if len(sys.argv) > 3 else "."
    s = socket.socket(socket.AF_UNIX)
    for _ in range(100):
        try:
            s.connect(sock_path)
            break
        except OSError:
            time.sleep(0.1)
    s.settimeout(0.2)
    out = b""
    mark = 0
    last_cmd = b""
    passed = failed = 0
    name = "shell"

    def read_more():
        nonlocal out
        try:
            chunk = s.recv(65536)
            if chunk:
                out += chunk
        except socket.timeout:
            pass

    for line in open(script):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        op, _, arg = line.partition(" ")
        if op == "name":
            name = arg
        elif op == "send":
            read_more()
            mark = len(out)
            last_cmd = arg.encode()
            s.sendall(last_cmd + b"\r")
        elif op == "keys":
            read_more()
            mark = len(out)
            s.sendall(bytes.fromhex(arg))
        elif op == "host":
            subprocess.run(arg, shell=True, timeout=30, check=False)
        elif op == "save":
            # The output runs from the end of the echoed command line to the
            # next prompt. The echo is looked for, not just the next line
            # end: a kernel message or a late prompt (a Ctrl-C that came
            # after the command ended) may arrive first under load.
            deadline = time.time() + 20
            start = end = -1
            while time.time() < deadline:
                echo = out.find(last_cmd, mark)
                start = out.find(b"\n", echo + len(last_cmd)) if echo >= 0 else -1
                end = out.find(b"skiff> ", start) if start >= 0 else -1
                if end >= 0:
                    break
                read_more()
            if end >= 0:
                with open(os.path.join(savedir, arg), "wb") as f:
                    f.write(out[start + 1:end].replace(b"\r", b""))
                passed += 1
                print(f"ok {passed + failed} - {name}: saved {arg}")
            else:
                failed += 1
                print(f"not ok {passed + failed} - {name}: no prompt after the output for {arg}")
        elif op == "expect":
            deadline = time.time() + 20
            rx = re.compile(arg.encode(), re.M)
            while time.time() < deadline and not rx.search(out, mark):
                read_more()
            m = rx.search(out, mark)
            if m:
                passed += 1
                print(f"ok {passed + failed} - {name}: /{arg}/")
            else:
                failed += 1
                tail = out[mark:][-300:].decode(errors="replace").replace("\n", " | ")
                print(f"not ok {passed + failed} - {name}: /{arg}/ not seen; got: {tail}")
    print(f"shell: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


main()
