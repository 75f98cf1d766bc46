#!/usr/bin/env python3
"""Times Rules.screen_many on a DataFrame of synthetic referrals (examples/generate_caseload.py).

    python bindings/python/benchmarks/screen_many.py [ROWS] [--repeat N] [--threads T]

Prints, for each run, the wall time and the process CPU time of the whole call (reading the
columns, screening, building the output DataFrame), then the best run. The CPU time shows how much
work there was; the wall time is what a user waits, and depends on how busy the machine's cores
are. Nothing about the cases is printed.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "examples"))
from generate_caseload import caseload_frame  # noqa: E402

import threshold  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rows", type=int, nargs="?", default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--threads", type=int, default=0, help="0: one per core")
    args = parser.parse_args()

    # 10,000 generated referrals, repeated: generating 100,000 in Python takes longer than screening.
    base = caseload_frame(min(args.rows, 10_000), seed=2025)
    repeats = -(-args.rows // len(base))
    frame = pd.concat([base] * repeats, ignore_index=True).iloc[: args.rows]
    rules = threshold.Rules.builtin()
    rules.screen_many(frame.head(100), as_of="2026-01-05")  # warm up

    print(f"{len(frame):,} rows x {frame.shape[1]} columns, {os.cpu_count()} cores, threads={args.threads}")
    best = None
    for _ in range(args.repeat):
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        out = rules.screen_many(frame, as_of="2026-01-05", threads=args.threads)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        assert len(out) == len(frame)
        print(f"  wall {wall:.3f} s   cpu {cpu:.3f} s")
        best = wall if best is None else min(best, wall)
    print(f"best: {best:.3f} s for {len(frame):,} rows ({len(frame) / best:,.0f} rows/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
