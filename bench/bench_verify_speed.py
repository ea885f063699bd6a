"""Benchmark `planproof verify` against `lint` on real trees with history, cold and unchanged.

    python bench/bench_verify_speed.py --repo /tmp/geo-api --repo /tmp/HYDRA
    python bench/bench_verify_speed.py --repo /tmp/geo-api --grow 3    # + a ~1,300-document tree

For each repository (a clone with full history and a `.planning` folder) it prints the wall and
CPU medians of N fresh processes of:

- `verify .planning --root .` cold: an empty `--cache-dir` each run;
- the same again with nothing changed (the cache the previous run wrote);
- `lint .planning --no-cache` (lint cold).

`--grow K` first copies the repository into a temp folder and commits K copies of its
`.planning/phases` and `.planning/milestones` folders (one commit each, so every copy has
history), making a tree of about (K+1) times the documents; geo-api with K=3 gives 1,318.
CPU is user + system time of the process and its workers (the machine may be shared: CPU is
the steadier figure).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run_cli(args: list[str], cwd: str, runs: int, fresh_cache: bool = False) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(runs):
        extra: list[str] = []
        if fresh_cache:
            extra = ["--cache-dir", tempfile.mkdtemp(prefix="ppbench-cache-")]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "planproof", *args, *extra], cwd=cwd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        if extra:
            shutil.rmtree(extra[1], ignore_errors=True)
    return statistics.median(walls), statistics.median(cpus)


def grow(repo: str, copies: int) -> str:
    """A copy of `repo` with `copies` more commits, each adding a copy of its phase folders."""
    target = tempfile.mkdtemp(prefix="ppbench-grown-")
    subprocess.run(["git", "clone", "-q", repo, target], check=True)
    planning = Path(target) / ".planning"
    for number in range(1, copies + 1):
        for name in ("phases", "milestones"):
            if (planning / name).is_dir():
                shutil.copytree(planning / name, planning / f"copy{number}-{name}")
        subprocess.run(["git", "add", "-A", ".planning"], cwd=target, check=True)
        subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com",
                        "commit", "-q", "-m", f"docs: copy {number} of the planning tree"],
                       cwd=target, check=True)
    return target


def measure(repo: str, runs: int) -> None:
    documents = sum(1 for _ in Path(repo, ".planning").rglob("*.md"))
    cache = tempfile.mkdtemp(prefix="ppbench-warm-")
    verify = ["verify", ".planning", "--root", ".", "--format", "json"]
    figures = {
        "verify cold": run_cli(verify, repo, runs, fresh_cache=True),
        "verify unchanged": (run_cli([*verify, "--cache-dir", cache], repo, 1),
                             run_cli([*verify, "--cache-dir", cache], repo, runs))[1],
        "lint cold": run_cli(["lint", ".planning", "--no-cache", "--format", "json"], repo, runs),
    }
    shutil.rmtree(cache, ignore_errors=True)
    print(f"{repo}: {documents} documents, medians of {runs}")
    for label, (wall, cpu) in figures.items():
        print(f"  {label:<18} wall {wall:6.2f} s   cpu {cpu:6.2f} s")
    ratio_wall = figures["verify cold"][0] / figures["lint cold"][0]
    ratio_cpu = figures["verify cold"][1] / figures["lint cold"][1]
    print(f"  verify cold / lint cold: wall {ratio_wall:.2f}x   cpu {ratio_cpu:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", action="append", required=True,
                        help="a clone with full history and a .planning folder (repeatable)")
    parser.add_argument("--grow", type=int, default=0,
                        help="also measure the first repository grown by this many copies")
    parser.add_argument("--keep", action="store_true", help="keep the grown tree")
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    for repo in options.repo:
        measure(repo, options.runs)
    if options.grow:
        grown = grow(options.repo[0], options.grow)
        measure(grown, options.runs)
        if options.keep:
            print(f"kept {grown}")
        else:
            shutil.rmtree(grown, ignore_errors=True)


if __name__ == "__main__":
    main()
