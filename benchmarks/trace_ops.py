#!/usr/bin/env python3
"""Per-operator self time of the steps in a libtorch operator profile (Chrome trace format).

    python3 benchmarks/trace_ops.py STEPS jvm.json [pytorch.json] [--top N] [--op NAME]

Reads the traces of `okdhp bench train --trace` and `benchmarks/pytorch_train_step.py --trace`
(STEPS: the timed steps the trace covers) and prints, per operator, its self time (its own time
less that of the operators it called) and call count per step, side by side when two traces are
given, largest first. `--op NAME` instead lists where NAME was called from (its three innermost
callers) with the time it took there. Both profilers slow every operator, the JVM's more, so
compare the shares and counts, not the sums, with untraced step times.
"""
import argparse
import collections
import json


def events(path):
    with open(path) as f:
        data = json.load(f)
    listed = data["traceEvents"] if isinstance(data, dict) else data
    complete = [e for e in listed if e.get("ph") == "X" and "dur" in e]
    by_thread = collections.defaultdict(list)
    for e in complete:
        by_thread[(e.get("pid"), e.get("tid"))].append(e)
    for thread in by_thread.values():
        thread.sort(key=lambda e: (e["ts"], -e["dur"]))
    return by_thread.values()


def walk(path):
    """Yields (event, callers innermost first) for every operator of every thread."""
    for thread in events(path):
        stack = []
        for e in thread:
            while stack and stack[-1]["ts"] + stack[-1]["dur"] <= e["ts"]:
                stack.pop()
            yield e, stack[::-1]
            stack.append(e)


def self_times(path):
    own, calls = collections.Counter(), collections.Counter()
    for e, callers in walk(path):
        own[e["name"]] += e["dur"]
        calls[e["name"]] += 1
        if callers:
            own[callers[0]["name"]] -= e["dur"]
    return own, calls


def callers_of(path, name):
    spent, calls = collections.Counter(), collections.Counter()
    for e, callers in walk(path):
        if e["name"] == name:
            chain = " < ".join(c["name"] for c in callers[:3]) or "(top level)"
            spent[chain] += e["dur"]
            calls[chain] += 1
    return spent, calls


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("steps", type=int, help="timed steps the traces cover")
    p.add_argument("traces", nargs="+", help="one or two trace files")
    p.add_argument("--top", type=int, default=40)
    p.add_argument("--op", default=None, help="list the callers of this operator instead")
    a = p.parse_args()
    if not 1 <= len(a.traces) <= 2:
        p.error("give one or two traces")
    measure = (lambda path: callers_of(path, a.op)) if a.op else self_times
    tables = [measure(path) for path in a.traces]
    us_per_ms = 1e3
    names = sorted(set().union(*(spent for spent, _ in tables)),
                   key=lambda n: -max(spent[n] for spent, _ in tables))
    header = "%-60s" % ("caller chain" if a.op else "operator (self time)")
    for path in a.traces:
        header += " %12s %7s" % ("ms/step", "calls")
    print(header)
    for n in names[:a.top]:
        row = "%-60s" % n[:60]
        for spent, calls in tables:
            row += " %12.1f %7.0f" % (spent[n] / a.steps / us_per_ms, calls[n] / a.steps)
        print(row)
    total = "%-60s" % "total"
    for spent, _ in tables:
        total += " %12.1f %7s" % (sum(spent.values()) / a.steps / us_per_ms, "")
    print(total)


if __name__ == "__main__":
    main()
