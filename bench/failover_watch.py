#!/usr/bin/python3
"""For bench/failover.sh: watches, every 10 ms for SECONDS, how many client
connections to the given 127.0.0.1 ports are held open (SYN_SENT,
ESTABLISHED or CLOSE_WAIT in /proc/net/tcp, i.e. not yet closed by the
client), and writes "unix_ms count" to OUT at the start and on every change.
Only the front end connects to a shard server's port during a scenario, so
the moment the count of the failed replicas' ports drops to 0 for good is
the moment the front end stopped using them: its failure detection.

Usage: failover_watch.py OUT SECONDS PORT...
"""
import sys
import time

# /proc/net/tcp states: 01 ESTABLISHED, 02 SYN_SENT, 08 CLOSE_WAIT.
HELD = {"01", "02", "08"}


def held(ports):
    n = 0
    with open("/proc/net/tcp") as f:
        next(f)
        for line in f:
            fields = line.split()
            if fields[3] in HELD and int(fields[2].split(":")[1], 16) in ports:
                n += 1
    return n


def main():
    out, seconds = sys.argv[1], float(sys.argv[2])
    ports = {int(p) for p in sys.argv[3:]}
    end = time.time() + seconds
    last = None
    with open(out, "w") as o:
        while time.time() < end:  # bounded by SECONDS
            n = held(ports)
            if n != last:
                o.write("%.3f %d\n" % (time.time() * 1000, n))
                o.flush()
                last = n
            time.sleep(0.01)


if __name__ == "__main__":
    main()
