"""planproof benchmarks: medians of several runs of the real command, printed as a table.

    python bench/run.py                      # everything, ../shared/corpus as the directory
    python bench/run.py --dir PATH --runs 7  # another directory, more runs
    python bench/run.py --only startup,corpus
    python bench/run.py --only verify,coverage   # the verify and coverage benches, their own tables

Each row gives the medians of N runs of a fresh `planproof` process: wall-clock time, and CPU
time (user + system, from getrusage), which a busy machine disturbs much less. "cold" runs use
--no-cache (or an emptied cache dir); "warm" runs reuse a cache filled by one earlier run.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(HERE))

from generate import generate_tree  # noqa: E402


def planproof_command() -> list[str]:
    exe = Path(sys.executable).with_name("planproof")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "planproof"]


def timed(args: list[str], runs: int, before=None) -> tuple[float, float]:
    """Medians of the wall-clock time and of the CPU time (user + system) of the process: on a
    shared machine the CPU time is the steadier figure."""
    wall, cpu = [], []
    for _ in range(runs):
        if before:
            before()
        used = _children_cpu()
        start = time.perf_counter()
        subprocess.run([*planproof_command(), *args], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)
        wall.append(time.perf_counter() - start)
        cpu.append(_children_cpu() - used)
    return statistics.median(wall), statistics.median(cpu)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def supports_cache() -> bool:
    done = subprocess.run([*planproof_command(), "lint", "--help"], capture_output=True, text=True)
    return "--no-cache" in done.stdout


def lint_cold_warm(target: str, runs: int, label: str) -> list[tuple[str, float]]:
    if not supports_cache():
        return [(f"{label} (no cache support)", timed(["lint", "-q", target], runs))]
    cache = tempfile.mkdtemp(prefix="planproof-bench-cache-")
    try:
        clear = lambda: shutil.rmtree(cache, ignore_errors=True)  # noqa: E731
        cold = timed(["lint", "-q", "--cache-dir", cache, target], runs, before=clear)
        timed(["lint", "-q", "--cache-dir", cache, target], 1)  # fills the cache
        warm = timed(["lint", "-q", "--cache-dir", cache, target], runs)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    return [(f"{label} cold", cold), (f"{label} warm", warm)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--dir", default=str(SHARED / "corpus"))
    parser.add_argument("--generated", type=int, default=10_000, help="documents to generate")
    parser.add_argument("--only", default="startup,one,corpus,generated,verify,coverage")
    args = parser.parse_args()
    only = set(args.only.split(","))
    rows: list[tuple[str, float]] = []
    if "startup" in only:
        rows.append(("planproof --version", timed(["--version"], args.runs * 2)))
        rows.append(("planproof rule PP110", timed(["rule", "PP110"], args.runs)))
    if "one" in only:
        seed = SHARED / "seeds" / "05-05-PLAN.md"
        rows.append(("lint one document (05-05-PLAN.md)", timed(["lint", "-q", "--no-cache", str(seed)]
                     if supports_cache() else ["lint", "-q", str(seed)], args.runs)))
    if "corpus" in only and os.path.isdir(args.dir):
        count = sum(1 for _ in Path(args.dir).rglob("*.md"))
        rows += lint_cold_warm(args.dir, args.runs, f"lint {args.dir} ({count} docs)")
    if "generated" in only:
        with tempfile.TemporaryDirectory(prefix="planproof-bench-tree-") as tree:
            generate_tree(Path(tree), args.generated)
            rows += lint_cold_warm(tree, max(3, args.runs // 2),
                                   f"lint generated tree ({args.generated} docs)")
    if rows:
        width = max(len(label) for label, _ in rows)
        print(f"{'benchmark':<{width}}  median wall   median CPU")
        for label, (wall, cpu) in rows:
            print(f"{label:<{width}}  {wall * 1000:8.1f} ms  {cpu * 1000:8.1f} ms")
    for name in ("verify", "coverage"):  # benches with set-ups of their own print their own tables
        if name in only:
            print(flush=True)
            subprocess.run([sys.executable, str(HERE / f"bench_{name}.py"), "--runs",
                            str(args.runs)], check=False)


if __name__ == "__main__":
    main()
