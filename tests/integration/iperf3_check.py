#!/usr/bin/python3
"""Checks the JSON (-J) output of an iperf3 client run against a server.

usage: iperf3_check.py FILE [--streams N] [--seconds S] [--udp]
                       [--reverse] [--bidir] [--omit] [--bytes N]
                       [--bandwidth BPS]

The figures the client prints for the server's side come from the server's
results message, so they are what is checked: "end" must hold N streams
(2N with --bidir), sums whose bits_per_second agree with bytes and seconds,
a receiver that got something and no more than was sent, a test that lasted
about S seconds (or moved exactly --bytes), and for UDP the loss and jitter
figures. Prints one summary line; exits 1 with the reason on failure.
"""
import argparse
import json
import sys


class Bad(Exception):
    pass


def need(cond, why):
    if not cond:
        raise Bad(why)


def rate_consistent(name, s):
    secs, nbytes, bps = s["seconds"], s["bytes"], s["bits_per_second"]
    need(secs > 0, "%s: seconds %r" % (name, secs))
    need(nbytes > 0, "%s: no bytes" % name)
    want = nbytes * 8 / secs
    need(abs(bps - want) <= 0.01 * want,
         "%s: %.0f bit/s is not bytes*8/seconds = %.0f" % (name, bps, want))


def check(d, a):
    need("error" not in d, "client error: %s" % d.get("error"))
    need("end" in d, "no 'end' in the output")
    end = d["end"]
    want = a.streams * (2 if a.bidir else 1)
    need(len(end.get("streams", [])) == want,
         "%d streams in 'end', expected %d" % (len(end.get("streams", [])), want))
    need("cpu_utilization_percent" in end and
         "remote_total" in end["cpu_utilization_percent"],
         "no remote cpu utilization")
    if a.udp:
        return check_udp(end, a)
    sent, recv = end["sum_sent"], end["sum_received"]
    rate_consistent("sum_sent", sent)
    rate_consistent("sum_received", recv)
    # With -O each side starts counting on its own clock: the server's
    # omitted seconds end a control round trip before the client's.
    slack = 1.05 if a.omit else 1.0
    need(recv["bytes"] <= slack * sent["bytes"],
         "received %d bytes, more than the %d sent" % (recv["bytes"], sent["bytes"]))
    need(recv["bytes"] >= 0.5 * sent["bytes"],
         "received %d of %d bytes sent" % (recv["bytes"], sent["bytes"]))
    per_stream = sum(s["receiver"]["bytes"] for s in end["streams"])
    if not a.bidir:
        need(per_stream == recv["bytes"],
             "streams received %d bytes, the sum says %d" % (per_stream, recv["bytes"]))
    if a.bytes:
        need(sent["bytes"] == a.bytes and recv["bytes"] == a.bytes,
             "--bytes %d: sent %d, received %d" % (a.bytes, sent["bytes"], recv["bytes"]))
    if a.seconds:
        need(0.8 * a.seconds <= recv["seconds"] <= a.seconds + 2,
             "the receiver counted %.3f s for a %d s test" % (recv["seconds"], a.seconds))
    if a.bidir:
        r2 = end["sum_received_bidir_reverse"]
        rate_consistent("sum_received_bidir_reverse", r2)
    return "%s%d stream%s, %.2f s, received %d of %d bytes, %.1f Mbit/s" % (
        "reverse, " if a.reverse else "", want, "s" if want > 1 else "",
        recv["seconds"], recv["bytes"], sent["bytes"],
        recv["bits_per_second"] / 1e6)


def check_udp(end, a):
    # "sum" mixes the two sides (the sender's rate, the receiver's loss),
    # so rates are checked on sum_sent and sum_received, each one side's.
    s = end["sum"]
    for k in ("jitter_ms", "lost_packets", "packets", "lost_percent"):
        need(k in s, "UDP sum without %s" % k)
    rate_consistent("sum_sent", end["sum_sent"])
    need(s["packets"] > 0, "no packets")
    need(0 <= s["lost_packets"] <= s["packets"],
         "%d lost of %d" % (s["lost_packets"], s["packets"]))
    pct = 100.0 * s["lost_packets"] / s["packets"]
    need(abs(s["lost_percent"] - pct) < 0.01,
         "lost_percent %r, lost/packets %r" % (s["lost_percent"], pct))
    need(s["jitter_ms"] >= 0, "jitter %r" % s["jitter_ms"])
    recv = end["sum_received"]
    rate_consistent("sum_received", recv)
    if a.bandwidth:
        need(recv["bits_per_second"] <= 1.1 * a.bandwidth * a.streams,
             "received %.0f bit/s, above the %d bit/s sent" %
             (recv["bits_per_second"], a.bandwidth))
    if a.seconds:
        need(0.8 * a.seconds <= recv["seconds"] <= a.seconds + 2,
             "the receiver counted %.3f s for a %d s test" % (recv["seconds"], a.seconds))
    return "%sUDP, %.2f s, %.1f Mbit/s received, jitter %.3f ms, lost %d/%d (%.2f%%)" % (
        "reverse, " if a.reverse else "", recv["seconds"],
        recv["bits_per_second"] / 1e6, s["jitter_ms"], s["lost_packets"],
        s["packets"], s["lost_percent"])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("file")
    p.add_argument("--streams", type=int, default=1)
    p.add_argument("--seconds", type=int, default=0)
    p.add_argument("--bytes", type=int, default=0)
    p.add_argument("--bandwidth", type=int, default=0)
    p.add_argument("--udp", action="store_true")
    p.add_argument("--reverse", action="store_true")
    p.add_argument("--bidir", action="store_true")
    p.add_argument("--omit", action="store_true")
    a = p.parse_args()
    try:
        with open(a.file) as f:
            text = f.read()
        try:
            d = json.loads(text)
        except ValueError:
            raise Bad("not JSON: %r" % text[:300])
        print(check(d, a))
    except (Bad, KeyError, TypeError, OSError) as e:
        print("%s: %s" % (type(e).__name__, e))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
