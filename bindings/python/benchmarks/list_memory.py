#!/usr/bin/env python3
"""Measures the working memory of Rules.screen_many on a list of records (not a DataFrame): how far
the process's resident memory rises above what it held before the call and the results it holds
after it.

    python bindings/python/benchmarks/list_memory.py [RECORDS] [--threads T] [--discard] [--check BYTES]
    /usr/bin/time -v python bindings/python/benchmarks/list_memory.py 20000   # and the process's peak

The records are the synthetic caseload (examples/generate_caseload.py): 1,000 generated referrals
repeated to RECORDS (default 20,000). Prints the resident memory before the call, at its peak and
after it, and the working memory per record. The peak is the kernel's high-water mark of the
process's resident memory (VmHWM, reset just before the call), so it counts C++ buffers as well as
Python objects.

- Keeping the results (the default), memory grows as they are made, and (peak - after) / RECORDS
  is a lower bound of the working memory: it shows memory that is let go only at the end, such as
  one text of every result.
- With --discard, each result is let go as soon as it is made (threshold.Result, which screen_many
  wraps each result in, is replaced by a function that keeps nothing), and (peak - before) /
  RECORDS is all of the working memory.

With --check BYTES it exits 1 when the working memory per record is BYTES or more
(bindings/python/tests/test_list_batches.py runs it so, on 5,000 records and 2 threads). Nothing
about the cases is printed.
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "examples"))
from generate_caseload import caseload  # noqa: E402

import threshold  # noqa: E402


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize()


def reset_peak() -> None:
    """Resets the kernel's high-water mark of this process's resident memory (Linux 4.0 and later),
    so that the peak read after the call is the call's own."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
    except OSError:
        pass  # then the peak is the process's, which the records were made before


def peak_bytes() -> int:
    """The high-water mark of this process's resident memory: VmHWM, which belongs to the process's
    own memory map (ru_maxrss would also count the memory of the process this one was forked from,
    such as pytest's)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("records", type=int, nargs="?", default=20_000)
    parser.add_argument("--threads", type=int, default=0, help="0: one per core")
    parser.add_argument("--discard", action="store_true",
                        help="let each result go as soon as it is made, so that what stays resident after the "
                             "call is only the working memory's leftovers and the peak is the working memory")
    parser.add_argument("--check", type=int, default=None, metavar="BYTES",
                        help="exit 1 if the working memory per record is BYTES or more")
    args = parser.parse_args()
    if args.discard:
        # screen_many wraps each result (or error object) in threshold.Result as it is made; a wrapper
        # that keeps nothing leaves the results out of the resident memory.
        threshold.Result = lambda result: None  # type: ignore[misc,assignment]

    rules = threshold.Rules.builtin()
    base = caseload(min(args.records, 1000), seed=2025)
    records = (base * (-(-args.records // len(base))))[: args.records]
    rules.screen_many(base[:20], as_of="2026-01-05")  # warm up: the rules and the module's own state
    gc.collect()
    reset_peak()
    before = rss_bytes()
    wall = time.perf_counter()
    results = rules.screen_many(records, as_of="2026-01-05", threads=args.threads)
    wall = time.perf_counter() - wall
    peak = peak_bytes()
    after = rss_bytes()
    assert len(results) == len(records)
    # Keeping the results, memory only grows, and the peak (over the results held after) is a lower
    # bound of the working memory; discarding them, the peak over the memory before is all of it.
    working = max(0, peak - before) if args.discard else max(0, peak - after)
    per_record = working / len(records)
    mb = 1024 * 1024
    print(f"{len(records):,} records, threads={args.threads}, {wall:.1f} s"
          + (", results discarded as they are made" if args.discard else ""))
    print(f"  resident before {before / mb:,.1f} MB, peak {peak / mb:,.1f} MB, after "
          f"{after / mb:,.1f} MB" + ("" if args.discard else " (results held)"))
    if not args.discard:
        held = after - before
        print(f"  results: {held / mb:,.1f} MB ({held / len(records) / 1024:,.1f} KB per record)")
    print(f"  working memory: {working / mb:,.1f} MB ({per_record:,.0f} bytes per record)")
    if args.check is not None and per_record >= args.check:
        print(f"FAIL: {per_record:,.0f} bytes of working memory per record (limit {args.check:,})")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
