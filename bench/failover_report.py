#!/usr/bin/python3
"""Reads bench/failover.sh's outputs (WORK/meta.txt and the per-call records
WORK/{A,B,C}.calls written by byline_load --calls_out) and writes the results
page: failed calls, the detection time and latency before
and after, for a replica killed (A) or hung (B) under load, and for a new
generation replicated and published under load (C).

Usage: failover_report.py WORK OUT.md
"""
import os
import sys

# A call counts as disturbed when it failed or took longer than this many
# times the p99 of the calls finished before the event.
SLOW_FACTOR = 3


def pct(values, p):
    """The p-quantile (0..1) of values, as bench/load.cc computes it."""
    if not values:
        return float("nan")
    v = sorted(values)
    return v[min(len(v) - 1, int(p * len(v)))]


def read_calls(path):
    calls = []
    for line in open(path):
        if line.startswith("#"):
            continue
        sched, lat, code, gen = line.split()
        calls.append({"sched": float(sched), "lat": float(lat), "code": code,
                      "gen": gen, "end": float(sched) + float(lat)})
    calls.sort(key=lambda c: c["sched"])
    return calls


def codes_text(calls):
    counts = {}
    for c in calls:
        counts[c["code"]] = counts.get(c["code"], 0) + 1
    return ", ".join("%s=%d" % kv for kv in sorted(counts.items())) or "none"


def failed(calls):
    return [c for c in calls if c["code"] != "OK"]


def lat_text(calls):
    ok = [c["lat"] for c in calls if c["code"] == "OK"]
    if not ok:
        return "-", "-", "-"
    return ("%.1f" % pct(ok, 0.5), "%.1f" % pct(ok, 0.99), "%.0f" % max(ok))


def share(n, d):
    return "%d / %d = %.2f%%" % (n, d, 100.0 * n / d) if d else "0 / 0"


def read_held(path):
    """(unix_ms, count) changes written by failover_watch.py."""
    rows = []
    if os.path.exists(path):
        for line in open(path):
            t, n = line.split()
            rows.append((float(t), int(n)))
    return rows


def detection(held, event_ms):
    """Ms from the event until the front end first held no connection to
    the failed replicas (None if it never let go of them), how many it held
    just before the event, and the ms (from the event) at which it
    connected to them again afterwards: the searchers' retries of their
    preferred replicas (ShardConnector::Rebalance)."""
    before = [n for t, n in held if t <= event_ms]
    held_before = before[-1] if before else None
    if held_before == 0:  # none before: nothing to detect
        return 0.0, held_before, []
    first_zero = next((t for t, n in held if t > event_ms and n == 0), None)
    if first_zero is None:
        return None, held_before, []
    retries = []
    previous = 0
    for t, n in held:
        if t > first_zero and n > previous:
            retries.append(t - event_ms)
        if t > first_zero:
            previous = n
    return first_zero - event_ms, held_before, retries


def kill_scenario(calls, event_ms, detect_ms):
    """Numbers of a scenario whose event (kill or stop) is at event_ms and
    whose failure the front end detected detect_ms later."""
    before = [c for c in calls if c["end"] < event_ms]
    ok_before = [c["lat"] for c in before if c["code"] == "OK"]
    threshold = SLOW_FACTOR * pct(ok_before, 0.99)
    detected_ms = event_ms + (detect_ms if detect_ms is not None else 1e12)
    # Calls that could meet the failure before it was detected.
    exposed = [c for c in calls
               if c["end"] >= event_ms and c["sched"] < detected_ms]
    after = [c for c in calls if c["sched"] >= detected_ms]
    slow = lambda part: [c for c in part
                         if c["code"] != "OK" or c["lat"] > threshold]
    return {"detected_ms": detected_ms, "before": before,
            "threshold": threshold, "exposed": exposed, "after": after, "exposed_disturbed": slow(exposed),
            "after_disturbed": slow(after)}


def timeline(calls, t0_ms, start_s, stop_s, step_s):
    """Rows of (offset, calls scheduled, failed, p50, max) per step."""
    rows = []
    t = start_s
    while t < stop_s - 1e-9:
        lo, hi = t0_ms + t * 1000, t0_ms + (t + step_s) * 1000
        b = [c for c in calls if lo <= c["sched"] < hi]
        ok = [c["lat"] for c in b if c["code"] == "OK"]
        rows.append("| %+.1f to %+.1f s | %d | %d | %s | %s |" % (
            t, t + step_s, len(b), len(failed(b)),
            "%.1f" % pct(ok, 0.5) if ok else "-",
            "%.0f" % max(ok) if ok else "-"))
        t += step_s
    return rows


def latency_table(parts):
    """Markdown rows of (name, calls) parts: count, failed, p50/p99/max."""
    rows = ["| calls | count | failed | p50 ms | p99 ms | max ms |",
            "|---|---|---|---|---|---|"]
    for name, part in parts:
        l50, l99, lmax = lat_text(part)
        rows.append("| %s | %d | %d | %s | %s | %s |" % (
            name, len(part), len(failed(part)), l50, l99, lmax))
    return rows


def main():
    work, out = sys.argv[1], sys.argv[2]
    meta = {}
    for line in open(os.path.join(work, "meta.txt")):
        if "=" in line:
            k, v = line.rstrip("\n").split("=", 1)
            meta[k] = v
    rate, conns = meta["rate"], meta["connections"]
    lines = [
        "# Failover and generation swap under load (remote shards, replicas)",
        "",
        "Made by `bench/failover.sh` (scenarios %s, build tree `%s`) on %s "
        "(git %s). Xapian %s, %s build; "
        "%s cores (%s), %s GB RAM. The machine is shared with other work: "
        "load average %s at the start, %s at the end. Everything runs on "
        "this machine over loopback (127.0.0.1)." % (
            meta["scenarios"], os.path.relpath(meta["build"], os.path.dirname(
                os.path.dirname(os.path.abspath(__file__)))),
            meta["date"], meta["git"], meta["xapian"],
            meta.get("build_type", "?"), meta["cores"], meta["cpu"],
            meta["ram_gb"], meta["load_start"], meta.get("load_end", "?")),
        "",
        "**Set-up.** The 2-shard index of the 100,000-article corpus "
        "(`%s`) is the build host's index, served by "
        "`xapian-replicate-server`. Four shard hosts (2 shards x 2 replicas, "
        "each a directory of its own) run `deploy/byline-shard-host deploy`: "
        "each pulls its shard with `xapian-replicate` (a full, separate copy "
        "per replica) and serves it with stock `xapian-tcpsrv` on its "
        "generation's port. The front end is made live by `byline publish "
        "--shard_hosts '%s' --remote_connect_timeout_ms %s "
        "--remote_timeout_ms %s` (Xapian's connect and per-operation "
        "timeouts, in the front end's manifest) and served by `byline serve "
        "--workers %s` (defaults otherwise: request budget 2000 ms, no "
        "queue-wait shedding). Deploying gen 1 to the four hosts took %s s, "
        "publishing %s s." % (
            meta["index"], meta["shard_hosts"].split(" ")[0],
            meta["remote_connect_timeout_ms"], meta["remote_timeout_ms"],
            meta["workers"], meta.get("deploy_gen-000001_seconds", "?"),
            meta.get("publish_gen-000001_seconds", "?")),
        "",
        "**Load.** `byline_load` open loop: %s Search calls/s (page of 10, "
        "no facets, the %s queries of `bench/queries-headlines.txt` in "
        "turn) over %s gRPC connections, client deadline 10 s, latency from "
        "each call's scheduled send; about a quarter of what this front end "
        "serves over remote shards on this machine (RESULTS-remote: 379 "
        "queries/s with 2 closed-loop clients). Each scenario starts a fresh "
        "`byline serve` and warms it with 3 s of the same load, not counted. "
        "`--calls_out` records every call (scheduled time, latency, code, "
        "generation). Each worker's searcher uses replica (k + s) mod 2 of "
        "shard s, k its spread (`ShardConnector::NextSpread`)." % (
            rate, meta["queries"], conns),
        "",
        "**Detection.** `bench/failover_watch.py` polls `/proc/net/tcp` "
        "every 10 ms for client connections (SYN_SENT, ESTABLISHED, "
        "CLOSE_WAIT) to the failed replicas' ports; only the front end "
        "connects there, and it closes a replica's connection when it fails "
        "over (`ShardConnector::Reconnect` opens fresh ones). *Detection "
        "time*: from the signal until that count first fell to 0 (a later "
        "connection to them is a searcher trying its preferred replica "
        "again, `ShardConnector::Rebalance`, listed as a retry). "
        "*Exposed* calls: those that ended after the signal and were sent "
        "before detection (the calls the failure could reach); *after "
        "detection*: those sent after it. *Disturbed*: failed, or slower "
        "than %dx the p99 of the calls that finished before the signal." % (
            SLOW_FACTOR),
        "",
    ]
    def describe(key):
        """Title and text of scenario `key` (A, B, Bx, B@MS)."""
        h = meta.get(key + "_hit", "0 0").split()
        which = "replica %s of shard 0 and replica %s of shard 1" % (h[0], h[1])
        how = ("every worker's searcher loses exactly one of its two shards' "
               "replicas" if h[0] == h[1] else
               "a searcher on replica 0 of shard 0 is on replica 1 of shard "
               "1, so it loses both of its shards' replicas, and a searcher "
               "on the other pair none")
        timing = "at t = %s s of %s s" % (meta["event_s"], meta["duration_s"])
        if key == "A":
            return ("A. A replica process dies", "SIGKILL to the process "
                    "group of the `xapian-tcpsrv` of %s (server and its "
                    "per-connection children) %s: the kernel closes their "
                    "sockets, so the front end's next read on them fails at "
                    "once, and a connect is refused; %s. Restarted after the "
                    "load." % (which, timing, how))
        t = meta.get(key + "_timeout_ms", meta["remote_timeout_ms"])
        title = {"B": "B. A replica host hangs",
                 "Bx": "Bx. Hung replicas of both shards of one searcher"}.get(
                     key, "%s. A replica host hangs, %s ms remote timeout" % (
                         key, t))
        front = ("" if key in ("B", "Bx") else
                 " Through another front end (the same generation and shard "
                 "hosts) published with `--remote_timeout_ms %s`%s." % (
                     t, " (Xapian's default, and the front end's when `byline "
                     "publish` is given none)" if t == "10000" else ""))
        return (title, "SIGSTOP to the process groups of %s %s (SIGCONT "
                "after the load): their connections stay open and the kernel "
                "still accepts new ones, but nothing answers, as with a hung "
                "host or a network partition; only Xapian's remote timeout "
                "notices (the manifest's %s ms per operation and %s ms to "
                "connect, each capped by `byline serve` at its 2000 ms "
                "request budget / (2 remote shards + 1) = 666 ms); %s.%s" % (
                    which, timing, t, meta["remote_connect_timeout_ms"], how,
                    front))

    for key in meta["scenarios"].split():
        if key == "C":
            continue
        path = os.path.join(work, key + ".calls")
        if not os.path.exists(path) or key + "_event_unix" not in meta:
            continue
        calls = read_calls(path)
        event_ms = float(meta[key + "_event_unix"]) * 1000
        held = read_held(os.path.join(work, key + ".held"))
        detect_ms, held_before, retries = detection(held, event_ms)
        changes = ", ".join("%d at %+.0f ms" % (n, t - event_ms)
                            for t, n in held if t > event_ms) or "none"
        r = kill_scenario(calls, event_ms, detect_ms)
        title, text = describe(key)
        nf = len(failed(calls))
        after_failed = failed(r["after"])
        rows = [("before the signal", r["before"]),
                ("exposed (ended after the signal, sent before detection)",
                 r["exposed"]),
                ("after detection (sent after it)", r["after"]),
                ("sent from 1 s after detection on",
                 [c for c in r["after"]
                  if c["sched"] >= r["detected_ms"] + 1000])]
        lines += [
            "## " + title, "", text, "",
            "| | value |", "|---|---|",
            "| calls (answered) | %d |" % len(calls),
            "| codes | %s |" % codes_text(calls),
            "| failed, all calls | %s |" % share(nf, len(calls)),
            "| detection time (signal to the front end first holding no "
            "connection to a failed replica) | %s (front end held %s "
            "connections to them before) |" % (
                "%.0f ms" % detect_ms if detect_ms is not None
                else "not detected", held_before),
            "| retries of the failed replicas after detection (a searcher "
            "trying its preferred replica again, at ms from the signal) | "
            "%s |" % (", ".join("%+.0f" % t for t in retries) or "none"),
            "| connections held to the failed replicas after the signal "
            "(count at ms from it) | %s |" % changes,
            "| failed after detection | %s |" % share(
                len(after_failed), len(r["after"])),
            "| disturbed (failed or > %.1f ms = %dx p99 before) among the "
            "exposed | %d of %d (%s) |" % (
                r["threshold"], SLOW_FACTOR, len(r["exposed_disturbed"]),
                len(r["exposed"]), codes_text(r["exposed_disturbed"])),
            "| disturbed after detection | %d of %d |" % (
                len(r["after_disturbed"]), len(r["after"])),
            "",
        ]
        lines += latency_table(rows)
        lines += [
            "",
            "Around the signal (calls by scheduled send; latency of the "
            "successful ones):", "",
            "| scheduled | calls | failed | p50 ms | max ms |",
            "|---|---|---|---|---|",
        ]
        span = max(2.0, (detect_ms or 0) / 1000 + 1.5)
        lines += timeline(calls, event_ms, -1.0, min(span, 6.0), 0.5)
        lines.append("")
        if retries:
            lines += [
                "Around the first retry of the failed replicas, at %+.0f ms "
                "(calls by scheduled send, from the signal):" % retries[0], "",
                "| scheduled | calls | failed | p50 ms | max ms |",
                "|---|---|---|---|---|",
            ]
            first = retries[0] / 1000
            lines += timeline(calls, event_ms, round(first * 2) / 2 - 1.0,
                              round(first * 2) / 2 + 1.5, 0.5)
            lines.append("")

    c_path = os.path.join(work, "C.calls")
    if os.path.exists(c_path) and "C_publish_end_unix" in meta:
        calls = read_calls(c_path)
        d0 = float(meta["C_deploy_start_unix"]) * 1000
        d1 = float(meta["C_deploy_end_unix"]) * 1000
        p1 = float(meta["C_publish_end_unix"]) * 1000
        new = meta["new_generation"]
        first_new = min((c["sched"] for c in calls if c["gen"] == new),
                        default=None)
        last_old = max((c["sched"] for c in calls
                        if c["gen"] not in (new, "-")), default=None)
        nf = len(failed(calls))
        phases = [
            ("before the replication", [c for c in calls if c["end"] < d0]),
            ("during the replication (%.1f s)" % ((d1 - d0) / 1000),
             [c for c in calls if d0 <= c["sched"] < d1]),
            ("from publish to 2 s after it", [c for c in calls
                                              if d1 <= c["sched"] < p1 + 2000]),
            ("later", [c for c in calls if c["sched"] >= p1 + 2000]),
        ]
        gens = {}
        for c in calls:
            gens[c["gen"]] = gens.get(c["gen"], 0) + 1
        lines += [
            "## C. A new generation replicated and swapped under load", "",
            "Before the load, `byline update` on the build host adds %s "
            "articles (corpus articles under new ids) in %s s: %s, %s "
            "articles, 2 shards. Then, under the load (%s s), at t = %s s all "
            "four shard hosts run `byline-shard-host deploy` for %s one after "
            "the other (`xapian-replicate` pulls a full copy of their shard "
            "from the build host and a new `xapian-tcpsrv` serves it on the "
            "next port slot, beside gen 1's), and `byline publish` checks "
            "every replica and switches the front end's pointer." % (
                meta.get("update_articles", "the"), meta["update_seconds"],
                new, meta["new_articles"], meta["swap_duration_s"],
                meta["swap_at_s"], new),
            "",
            "| | value |", "|---|---|",
            "| calls (answered) | %d |" % len(calls),
            "| codes | %s |" % codes_text(calls),
            "| failed | %s |" % share(nf, len(calls)),
            "| answered by generation | %s |" % ", ".join(
                "%s: %d" % kv for kv in sorted(gens.items())),
            "| replication to 4 hosts, under load | %s s |" % meta[
                "deploy_%s_seconds" % new],
            "| `byline publish` (checks + switch) | %s s |" % meta[
                "publish_%s_seconds" % new],
            "| first call answered by %s | sent %s ms after `byline "
            "publish` started |" % (new, "%.0f" % (first_new - d1)
                                    if first_new is not None else "never"),
            "| last call answered by the old generation | sent %s ms after "
            "`byline publish` started |" % (
                "%.0f" % (last_old - d1) if last_old is not None else "-"),
            "",
        ]
        lines += latency_table(phases)
        lines.append("")
    # A hand-written closing section of an earlier page is kept, below the
    # new numbers (edit it to match them).
    kept = ""
    if os.path.exists(out):
        old = open(out).read()
        at = old.find("## What this shows")
        if at >= 0:
            kept = old[at:]
    open(out, "w").write("\n".join(lines) + "\n" + kept)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
