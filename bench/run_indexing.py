#!/usr/bin/python3
"""Runs the indexing contestants on one corpus and writes the results table.

Called by bench/indexing.sh after it has built everything and made the
corpus; stdlib only. Every contestant runs --runs times, in rounds (each
round runs every contestant once, in a rotated order, so that load from other
users of the machine spreads over all of them), each into a fresh index
directory under --work. For every run it records wall time, CPU time
(user + sys of the child), peak RSS (the child's ru_maxrss from wait4) and
index size (du -sb); the tables show medians.
"""

import argparse
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time


def slug(s):
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def du_bytes(paths):
    total = 0
    for p in paths:
        if os.path.isdir(p):
            out = subprocess.run(["du", "-sb", p], capture_output=True, text=True, check=True)
            total += int(out.stdout.split()[0])
        elif os.path.exists(p):
            total += os.path.getsize(p)
    return total


def remove(paths):
    for p in paths:
        if os.path.isdir(p):
            shutil.rmtree(p)
        elif os.path.exists(p):
            os.remove(p)


def run_concurrently(cmds, log_prefix, env=None):
    """Starts every command at once; returns wall seconds until the last
    exits, and per process (exit code, CPU seconds, peak RSS in KiB)."""
    procs = []
    start = time.monotonic()
    for i, cmd in enumerate(cmds):
        err = open(f"{log_prefix}.{i}.stderr", "w")
        out = open(f"{log_prefix}.{i}.stdout", "w")
        p = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
        procs.append((p, out, err))
    results = []
    for p, out, err in procs:
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        out.close()
        err.close()
        results.append({"exit": p.returncode,
                        "cpu_s": usage.ru_utime + usage.ru_stime,
                        "rss_kib": usage.ru_maxrss})
    return time.monotonic() - start, results


def write_scriptindex_dump(corpus, dump):
    """Byline JSON Lines -> scriptindex records (name=value lines, newlines in
    a value continued with '=', a blank line after each record)."""
    with open(corpus, encoding="utf-8") as f, open(dump, "w", encoding="utf-8") as out:
        for line in f:
            a = json.loads(line)
            for key in ("id", "title", "body", "source", "url", "published", "language"):
                value = str(a.get(key, "") or "")
                if key == "source":
                    value = slug(value)
                value = value.replace("\r", "")
                out.write(key + "=" + value.replace("\n", "\n=") + "\n")
            out.write("\n")


def head_lines(src, dst, first, count):
    """Copies lines [first, first + count) of src to dst."""
    with open(src, "rb") as f, open(dst, "wb") as out:
        for i, line in enumerate(f):
            if i >= first + count:
                break
            if i >= first:
                out.write(line)


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True,
                              timeout=20).stdout.strip()
    except Exception:  # noqa: BLE001 - machine facts are best effort
        return "?"


def machine_facts(work):
    pkg = lambda name: sh(f"dpkg-query -W -f='${{Version}}' {name} 2>/dev/null") or "?"
    df = sh(f"df -hT {work} | tail -n1").split()
    disk = f"{df[0]} ({df[1]}, {df[2]} total, {df[4]} free)" if len(df) >= 5 else "?"
    dev = os.path.basename(df[0]) if df else ""
    rota = sh(f"cat /sys/block/{dev}/queue/rotational 2>/dev/null")
    if rota in ("0", "1"):
        disk += ", rotational" if rota == "1" else ", non-rotational"
    return {
        "cores": os.cpu_count(),
        "cpu": sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip() or "?",
        "ram": sh("free -g | awk '/Mem:/{print $2}'") + " GiB",
        "disk": disk,
        "kernel": platform.release(),
        "os": sh(". /etc/os-release && echo $PRETTY_NAME"),
        "xapian": pkg("libxapian30"),
        "omega": pkg("xapian-omega"),
        "icu": pkg("libicu72"),
        "sqlite": pkg("libsqlite3-0"),
        "simdjson": pkg("libsimdjson-dev"),
        "gcc": sh("g++ -dumpfullversion"),
        "python": platform.python_version(),
    }


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def fmt_ratio(x):
    return "–" if x != x else f"{x:.2f}×"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True, help="the markdown page to write")
    ap.add_argument("--report-from", default="",
                    help="only rewrite --out from a results JSON of an earlier run")
    ap.add_argument("--mode")
    ap.add_argument("--corpus")
    ap.add_argument("--stats")
    ap.add_argument("--articles", type=int)
    ap.add_argument("--runs", type=int)
    ap.add_argument("--work")
    ap.add_argument("--build")
    ap.add_argument("--script", help="omega.script")
    ap.add_argument("--byline-threads", choices=["yes", "no"], default="no")
    ap.add_argument("--byline-shards", choices=["yes", "no"], default="no")
    ap.add_argument("--command", default="bench/indexing.sh")
    args = ap.parse_args()
    if args.report_from:
        write_report(json.load(open(args.report_from)), args.report_from, args.out)
        return
    for name in ("mode", "corpus", "stats", "articles", "runs", "work", "build", "script"):
        if getattr(args, name) is None:
            ap.error(f"--{name} is required")

    n = args.articles
    nproc = os.cpu_count() or 1
    work = args.work
    inputs = os.path.join(work, "inputs")
    indexes = os.path.join(work, "indexes")
    logs = os.path.join(work, "logs")
    for d in (inputs, indexes, logs):
        os.makedirs(d, exist_ok=True)
    byline = os.path.join(args.build, "cli", "byline")
    floor = os.path.join(args.build, "bench", "byline_floor_index")
    fts5 = os.path.join(args.build, "bench", "byline_fts5_index")
    corpus_bytes = os.path.getsize(args.corpus)

    # Inputs (not timed): the 1x and 2x prefixes, the two halves, the
    # scriptindex dump.
    sizes = [n // 4, n // 2, n]
    sub = {n: args.corpus}
    for m in sizes[:2]:
        sub[m] = os.path.join(inputs, f"corpus-{m}.jsonl")
        head_lines(args.corpus, sub[m], 0, m)
    half_a = os.path.join(inputs, "half-a.jsonl")
    half_b = os.path.join(inputs, "half-b.jsonl")
    head_lines(args.corpus, half_a, 0, n // 2)
    head_lines(args.corpus, half_b, n // 2, n - n // 2)
    dump = os.path.join(inputs, "corpus.scriptindex")
    write_scriptindex_dump(args.corpus, dump)
    print(f"run_indexing: inputs ready in {inputs}", file=sys.stderr)

    has_threads = args.byline_threads == "yes"
    has_shards = args.byline_shards == "yes"
    all_shards = os.environ.get("BYLINE_BENCH_SHARDS", str(nproc))

    def byline_cmd(path, threads, corpus):
        # 1 thread: one analysis thread and one shard (one writer thread);
        # all cores: a thread per core and BYLINE_BENCH_SHARDS shards.
        flags = ["--threads", str(threads)] if has_threads else []
        if has_shards:
            flags += ["--shards", "1" if threads == 1 else all_shards]
        return [byline, "index", "--quiet", "--index", path] + flags + [corpus]

    def idx(name):
        return os.path.join(indexes, name)

    contestants = []

    def add(key, label, docs, cmds, paths, articles=n, corpus_bytes_=corpus_bytes,
            pending=None, table=True):
        contestants.append({"key": key, "label": label, "docs": docs, "cmds": cmds,
                            "paths": paths, "articles": articles,
                            "bytes": corpus_bytes_, "pending": pending, "table": table})

    add("byline-1", "`byline index`, 1 thread" + (", 1 shard" if has_shards else ""), "passage",
        [byline_cmd(idx("byline-1"), 1, args.corpus)], [idx("byline-1")])
    add("byline-all", f"`byline index`, all cores ({nproc} threads"
        + (f", {all_shards} shards)" if has_shards else ")"), "passage",
        [byline_cmd(idx("byline-all"), nproc, args.corpus)], [idx("byline-all")],
        pending=None if has_threads else
        "pending: `byline index --help` does not list --threads yet")
    add("floor", "floor: TermGenerator, 1 writer", "passage",
        [[floor, "--db", idx("floor"), args.corpus]], [idx("floor")])
    add("floor-2", "floor ×2 processes (halves, side by side)", "passage",
        [[floor, "--db", idx("floor-a"), half_a], [floor, "--db", idx("floor-b"), half_b]],
        [idx("floor-a"), idx("floor-b")])
    add("scriptindex", "xapian-omega `scriptindex`", "article",
        [["scriptindex", idx("scriptindex"), args.script, dump]], [idx("scriptindex")])
    if os.path.exists(fts5):
        add("fts5", "SQLite FTS5 (porter unicode61)", "article (row)",
            [[fts5, "--db", idx("fts5.db"), args.corpus]], [idx("fts5.db"), idx("fts5.db-journal")])
    for m in sizes[:2]:
        m_bytes = os.path.getsize(sub[m])
        add(f"byline-1@{m}", f"`byline index`, 1 thread, {m} articles", "passage",
            [byline_cmd(idx(f"byline-1-{m}"), 1, sub[m])], [idx(f"byline-1-{m}")],
            articles=m, corpus_bytes_=m_bytes, table=False)
        if has_threads:
            add(f"byline-all@{m}", f"`byline index`, all cores, {m} articles", "passage",
                [byline_cmd(idx(f"byline-all-{m}"), nproc, sub[m])], [idx(f"byline-all-{m}")],
                articles=m, corpus_bytes_=m_bytes, table=False)

    runnable = [c for c in contestants if not c["pending"]]
    runs = {c["key"]: [] for c in contestants}
    started = time.time()
    for r in range(args.runs):
        k = r % len(runnable)
        for c in runnable[k:] + runnable[:k]:
            remove(c["paths"])
            subprocess.run(["sync"])
            load = os.getloadavg()[0]
            prefix = os.path.join(logs, f"{c['key']}.run{r + 1}")
            wall, procs = run_concurrently(c["cmds"], prefix)
            size = du_bytes(c["paths"])
            stderr = "".join(open(f"{prefix}.{i}.stderr").read() for i in range(len(procs)))
            run = {"round": r + 1, "wall_s": wall, "load1": load,
                   "cpu_s": sum(p["cpu_s"] for p in procs),
                   "rss_kib": sum(p["rss_kib"] for p in procs),
                   "rss_max_kib": max(p["rss_kib"] for p in procs),
                   "size": size, "exits": [p["exit"] for p in procs]}
            m = re.findall(r"build ([\d.]+) s, add ([\d.]+) s, commit ([\d.]+) s", stderr)
            if m:
                run["floor_breakdown"] = [sum(float(x[i]) for x in m) for i in range(3)]
            m = re.findall(r"(\d+) articles, (\d+) passages", stderr)
            if m:
                run["passages"] = sum(int(x[1]) for x in m)
            if c["key"].startswith("byline") and r == args.runs - 1:
                delve = sh(f"xapian-delve {c['paths'][0]} 2>/dev/null | grep 'number of documents'")
                mm = re.search(r"= (\d+)", delve)
                if mm:
                    run["passages"] = int(mm.group(1))
            if any(run["exits"]):
                run["error"] = stderr.strip().splitlines()[-1:] or ["?"]
            runs[c["key"]].append(run)
            print(f"run_indexing: round {r + 1}/{args.runs} {c['key']}: {wall:.1f} s wall, "
                  f"{run['cpu_s']:.1f} s CPU, {run['rss_kib'] / 1024:.0f} MiB, "
                  f"{size / 1e6:.0f} MB, load {load:.1f}, exit {run['exits']}",
                  file=sys.stderr)
            remove(c["paths"])
    elapsed = time.time() - started

    data = {
        "meta": {"mode": args.mode, "runs": args.runs, "articles": n, "sizes": sizes,
                 "corpus": args.corpus, "corpus_bytes": corpus_bytes, "nproc": nproc,
                 "has_threads": has_threads, "command": args.command,
                 "elapsed_s": elapsed, "logs": logs,
                 "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())},
        "facts": machine_facts(work),
        "stats": json.load(open(args.stats)),
        "runs": runs,
        "contestants": [{k: v for k, v in c.items() if k != "cmds"} for c in contestants],
    }
    raw = os.path.join(work, f"results-{args.mode}.json")
    with open(raw, "w") as f:
        json.dump(data, f, indent=1)
    write_report(data, raw, args.out)


def write_report(data, raw, out_path):
    meta, facts, stats, runs = data["meta"], data["facts"], data["stats"], data["runs"]
    contestants = data["contestants"]
    n, sizes, nproc = meta["articles"], meta["sizes"], meta["nproc"]
    corpus_bytes = meta["corpus_bytes"]

    def summary(key):
        rs = [x for x in runs.get(key, []) if not any(x["exits"])]
        if not rs:
            return None
        c = next(c for c in contestants if c["key"] == key)
        wall = median([x["wall_s"] for x in rs])
        return {"wall": wall, "cpu": median([x["cpu_s"] for x in rs]),
                "rss": median([x["rss_kib"] for x in rs]) / 1024,
                "size": median([x["size"] for x in rs]) / 1e6,
                "aps": c["articles"] / wall, "mbps": c["bytes"] / 1e6 / wall,
                "n": len(rs), "passages": next((x["passages"] for x in reversed(rs)
                                                if "passages" in x), None)}

    s = {c["key"]: summary(c["key"]) for c in contestants}
    fl = s.get("floor")
    lines = []
    w = lines.append
    w("# Indexing benchmark: results")
    w("")
    how = (f"{meta['runs']} runs of each contestant, medians" if meta["runs"] > 1
           else "1 run of each contestant")
    w(f"Made by `{meta['command']}` ({meta['mode']} mode, {how}) on {meta['date']}; the "
      f"runs took {meta['elapsed_s'] / 60:.1f} min. How to rerun and what each row is: "
      f"[README.md](README.md).")
    w("")
    loads = [x["load1"] for rs in runs.values() for x in rs]
    w("**Machine.** " + f"{facts['cores']} cores ({facts['cpu']}), {facts['ram']} RAM, "
      f"disk {facts['disk']}; {facts['os']}, kernel {facts['kernel']}; Xapian "
      f"{facts['xapian']}, xapian-omega {facts['omega']}, ICU {facts['icu']}, SQLite "
      f"{facts['sqlite']}, simdjson {facts['simdjson']}, g++ {facts['gcc']} (Release build).")
    if loads:
        w(f"The machine is shared with other engineers building code: the 1-minute load "
          f"average when a run started was {min(loads):.1f}–{max(loads):.1f} (median "
          f"{median(loads):.1f}) on {facts['cores']} cores, so wall times are noisy and "
          f"inflated. Compare ratios, which come from runs interleaved in the same rounds, "
          f"and CPU seconds (user + system of the indexer), which suffer less from the "
          f"load than wall time does.")
    w("")
    w("## Corpus")
    w("")
    g = stats["growth"]
    w(f"{stats['articles']:,} synthetic articles, {corpus_bytes / 1e6:.1f} MB of JSON Lines, "
      f"{stats['words']:,} words, made by `bench/make_corpus.py --articles {n} --seed "
      f"{stats['seed']}` from the {stats['pool_articles']:,} real Reuters-21578 and BBC "
      f"articles in ../shared/data ({stats['pool_sentences']:,} sentences). Each article "
      f"copies a real article's shape (paragraphs, sentences per paragraph) and fills it with "
      f"real sentences, half from one other real article and half from anywhere in the pool; "
      f"it takes a third article's title, a fresh id (`bench-0000001`…), a date 25 minutes "
      f"after the previous one (from 2018-01-01) and one of 8 made-up sources. "
      f"{stats['perturb']:.0%} of the capitalised words that do not start a sentence become "
      f"made-up names drawn from a Pitman–Yor process (discount {stats['py_discount']}), so "
      f"new names keep appearing as the corpus grows, as in real news. The corpus lives in "
      f"{os.path.dirname(meta['corpus'])}, outside the repository; the 1× and 2× corpora are "
      f"its first quarter and half.")
    w("")
    w("Vocabulary (distinct lower-cased alphanumeric words) as the corpus grows, against "
      "real news: the Reuters-21578 stories in their original (1987, chronological) order:")
    w("")
    w("| articles | vocabulary | without the new names | distinct new names | real articles | real vocabulary |")
    w("|---:|---:|---:|---:|---:|---:|")
    real = list(stats["real_growth"].items())
    for i, (k, v) in enumerate(g.items()):
        rk, rv = real[i] if i < len(real) else ("", "")
        tail = f"{int(rk):,} | {int(rv):,} |" if rk else " | |"
        w(f"| {int(k):,} | {v['vocabulary']:,} | {v['vocabulary_without_new_names']:,} | "
          f"{v['entities']:,} | {tail}")
    keys = list(g)
    if len(keys) >= 2 and len(real) >= 2:
        b_syn = math.log(g[keys[-1]]["vocabulary"] / g[keys[0]]["vocabulary"]) / math.log(
            int(keys[-1]) / int(keys[0]))
        b_real = math.log(real[-1][1] / real[0][1]) / math.log(int(real[-1][0]) / int(real[0][0]))
        w("")
        w(f"Growth exponent (Heaps' β, vocabulary ∝ articles^β) from the first to the last "
          f"row: synthetic {b_syn:.2f}, real Reuters {b_real:.2f}. Without the new names the "
          f"synthetic vocabulary would level off at the pool's.")
    w("")
    w("## Results")
    w("")
    w(f"All rows index the same {n:,}-article corpus ({corpus_bytes / 1e6:.1f} MB; MB/s counts "
      f"these JSON Lines bytes for every row). \"× floor\" "
      f"divides by the single-process floor: for articles/s above 1 is faster; for CPU, RSS "
      f"and size above 1 is more. Peak RSS of the two-process row is the sum of both "
      f"processes; its size is the sum of both indexes.")
    w("")
    w("| contestant | documents | wall s | articles/s | MB/s | × floor | CPU s | × floor | peak RSS MiB | × floor | index MB | × floor |")
    w("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for c in contestants:
        if not c["table"]:
            continue
        x = s[c["key"]]
        docs = c["docs"]
        if x and x.get("passages"):
            docs = f"{x['passages']:,} {c['docs']}s"
        if c["pending"] or not x:
            why = c["pending"] or "failed: see logs in " + meta["logs"]
            w(f"| {c['label']} | {docs} | {why} | | | | | | | | | |")
            continue
        r = lambda a, b: fmt_ratio(a / b) if fl and b else "–"
        w(f"| {c['label']} | {docs} | {x['wall']:.1f} | {x['aps']:,.0f} | {x['mbps']:.2f} | "
          f"{r(x['aps'], fl['aps'])} | {x['cpu']:.1f} | {r(x['cpu'], fl['cpu'])} | "
          f"{x['rss']:.0f} | {r(x['rss'], fl['rss'])} | {x['size']:.0f} | "
          f"{r(x['size'], fl['size'])} |")
    w("")
    w("## Targets (not tests)")
    w("")

    def target(name, value, ok_if, goal, cpu=None):
        if value is None:
            w(f"- {name}: not measured ({goal}).")
            return
        extra = ""
        if cpu is not None:
            extra = f"; by CPU seconds {cpu:.2f}, {'met' if ok_if(cpu) else 'NOT met'}"
        w(f"- {name}: **{value:.2f}** (goal {goal}: {'met' if ok_if(value) else 'NOT met'}"
          f"{extra}).")

    b1, ba, f2 = s.get("byline-1"), s.get("byline-all"), s.get("floor-2")
    target("Byline all cores ÷ two-process floor, articles/s",
           ba["aps"] / f2["aps"] if ba and f2 else None, lambda v: v >= 0.9, "≥ 0.9")
    target("Byline 1 thread ÷ single-process floor, articles/s",
           b1["aps"] / fl["aps"] if b1 and fl else None, lambda v: v >= 0.8, "≥ 0.8",
           cpu=fl["cpu"] / b1["cpu"] if b1 and fl else None)
    for key, label in (("byline-1", "1 thread"), ("byline-all", "all cores")):
        big, small = s.get(key), s.get(f"{key}@{sizes[0]}")
        if not (big and small):
            if key == "byline-1":
                target(f"Byline {label}, time at 4× corpus ÷ time at 1×", None, None, "≤ 4.4")
            continue
        target(f"Byline {label}, wall time at 4× corpus ÷ at 1×", big["wall"] / small["wall"],
               lambda v: v <= 4.4, "≤ 4.4", cpu=big["cpu"] / small["cpu"])
        target(f"Byline {label}, peak RSS at 4× ÷ at 1×", big["rss"] / small["rss"],
               lambda v: v <= 1.1, "about 1, not growing with the corpus")
    w("")
    w("## Byline at 1×, 2× and 4× the corpus")
    w("")
    w("| run | articles | wall s | × 1× | CPU s | × 1× | articles/s | peak RSS MiB | index MB |")
    w("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for prefix, label in (("byline-1", "1 thread"), ("byline-all", f"all cores ({nproc})")):
        base = s.get(f"{prefix}@{sizes[0]}")
        for m in sizes:
            x = s.get(prefix if m == n else f"{prefix}@{m}")
            if not x:
                continue
            w(f"| {label} | {m:,} | {x['wall']:.1f} | "
              f"{fmt_ratio(x['wall'] / base['wall']) if base else '–'} | {x['cpu']:.1f} | "
              f"{fmt_ratio(x['cpu'] / base['cpu']) if base else '–'} | "
              f"{x['aps']:,.0f} | {x['rss']:.0f} | {x['size']:.0f} |")
    if not meta["has_threads"]:
        w("")
        w("All-cores scaling is pending until `byline index` has --threads.")
    bd = [x["floor_breakdown"] for x in runs.get("floor", []) if "floor_breakdown" in x]
    if bd:
        b = [median([x[i] for x in bd]) for i in range(3)]
        tot = sum(b)
        w("")
        w("## Where the floor's time goes")
        w("")
        w(f"Measured inside `byline_floor_index` (median over runs): building documents "
          f"(reading, JSON, splitting, TermGenerator) {b[0]:.1f} s ({b[0] / tot:.0%}); "
          f"`add_document` and the delete-by-id lookup, including Xapian's automatic flush "
          f"every 10,000 documents, {b[1]:.1f} s ({b[1] / tot:.0%}); explicit commits "
          f"{b[2]:.1f} s ({b[2] / tot:.0%}).")
    w("")
    w("## Every run")
    w("")
    w("| contestant | round | wall s | CPU s | peak RSS MiB | index MB | load at start | exit |")
    w("|---|---:|---:|---:|---:|---:|---:|---|")
    for c in contestants:
        for x in runs[c["key"]]:
            w(f"| {c['key']} | {x['round']} | {x['wall_s']:.1f} | {x['cpu_s']:.1f} | "
              f"{x['rss_kib'] / 1024:.0f} | {x['size'] / 1e6:.0f} | {x['load1']:.1f} | "
              f"{','.join(map(str, x['exits']))} |")
    w("")
    w(f"Raw numbers: {raw} on the machine that ran it (`bench/run_indexing.py "
      f"--report-from FILE --out FILE` rewrites this page from them).")
    with open(out_path, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"run_indexing: wrote {out_path}", file=sys.stderr)


if __name__ == "__main__":
    main()
