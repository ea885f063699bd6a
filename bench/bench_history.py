"""Benchmark the history that `verify --as-of written` reads, and verify against lint, cold.

    python bench/bench_history.py --repo /tmp/geo-api                 # a real clone
    python bench/bench_history.py --generate --commits 5000 --docs 2000 --keep /tmp/histbench
    python bench/bench_history.py --repo /tmp/geo-api --compare       # + verify vs lint, cold

1. The history walk alone, in process (medians of N runs, a new History each time): the
   `git log --name-status` walk over `.planning` plus `git ls-tree` of HEAD (`walk`), then the
   two whole-history reads a run makes only when it needs them: the commit graph for
   parallel-branch merges (`graph`) and every file change for drift messages (`changes`).
2. `--generate`: a repository of N commits and M planning documents written with
   `git fast-import` (setup, not timed): each phase adds its PLANs and SUMMARYs, code commits
   touch source files, every 50th commit archives a finished phase under `milestones/`.
3. `--compare`: wall and CPU medians of fresh `planproof verify .planning --root .` (as of
   written and as of now) and `planproof lint .planning --no-cache` processes.
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from planproof.evidence import history as history_module  # noqa: E402


def time_walk(repo: str, runs: int) -> dict[str, float]:
    figures: dict[str, list[float]] = {"walk": [], "graph": [], "changes": []}
    for _ in range(runs):
        start = time.perf_counter()
        history = history_module.open_history(repo)
        history.ensure(".planning")
        figures["walk"].append(time.perf_counter() - start)
        start = time.perf_counter()
        history.merges_for(history.head, set())
        figures["graph"].append(time.perf_counter() - start)
        start = time.perf_counter()
        history.changes_after(history_module.Commit(history.head, 0, ""), ["x"])
        figures["changes"].append(time.perf_counter() - start)
    print(f"{repo}: {len(history.records)} documents recorded, {history.walks} walk(s), "
          f"{len(history.imports)} import commit(s)")
    return {name: statistics.median(values) for name, values in figures.items()}


def generate(folder: Path, commits: int, docs: int) -> None:
    """A repository written with one `git fast-import` stream."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    plans_per_phase = 4
    phases = max(1, docs // (2 * plans_per_phase))
    stream, mark = [], 0
    every = max(1, commits // (phases * (plans_per_phase + 1)))
    phase = plan = 0
    archived: list[int] = []
    for number in range(commits):
        files: dict[str, str] = {f"src/m{number % 200}.py": f"def f{number}():\n    return {number}\n"}
        deletes: list[str] = []
        if number % every == 0 and phase < phases:
            base = f".planning/phases/{phase + 1:03d}-p"
            name = f"{phase + 1:03d}-{plan + 1:02d}"
            files[f"{base}/{name}-PLAN.md"] = _plan(name, number)
            files[f"{base}/{name}-SUMMARY.md"] = f"---\nphase: \"{phase + 1:03d}\"\n---\n# {name}\n"
            plan += 1
            if plan == plans_per_phase:
                phase, plan = phase + 1, 0
        if number % 50 == 49 and phase > len(archived) + 1:
            archived.append(len(archived) + 1)
            deletes.append(f"{archived[-1]:03d}-p")
        mark += 1
        stream.append(_commit(number, files, deletes))
    data = "".join(stream).encode()
    subprocess.run(["git", "fast-import", "--quiet"], cwd=folder, input=data, check=True)
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=folder, check=True)


def _plan(name: str, number: int) -> str:
    return (f"---\nphase: \"{name[:3]}\"\nplan: \"{name[4:]}\"\nmust_haves:\n  artifacts:\n"
            f"    - path: src/m{number % 200}.py\n      contains: \"def f{number}\"\n---\n# Plan\n")


def _commit(number: int, files: dict[str, str], archive: list[str]) -> str:
    message = f"feat({number // 10:03d}-01): change {number}"
    lines = [f"commit refs/heads/main\ncommitter t <t@example.com> {1700000000 + number * 600} +0000\n"
             f"data {len(message)}\n{message}\n"]
    for folder in archive:
        lines.append(f"R .planning/phases/{folder} .planning/milestones/v1-phases/{folder}\n")
    for path, text in files.items():
        encoded = text.encode()
        lines.append(f"M 100644 inline {path}\ndata {len(encoded)}\n{text}\n")
    return "".join(lines) + "\n"


def run_cli(args: list[str], cwd: str, runs: int) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "planproof", *args], cwd=cwd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def compare(repo: str, runs: int) -> None:
    commands = {
        "verify (as of written)": ["verify", ".planning", "--root", ".", "--format", "json"],
        "verify --as-of now": ["verify", ".planning", "--root", ".", "--format", "json",
                               "--as-of", "now"],
        "lint --no-cache": ["lint", ".planning", "--no-cache", "--format", "json"],
    }
    for label, args in commands.items():
        wall, cpu = run_cli(args, repo, runs)
        print(f"  {label:<24} wall {wall:6.2f} s   cpu {cpu:6.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", help="an existing clone with a .planning folder")
    parser.add_argument("--generate", action="store_true")
    parser.add_argument("--commits", type=int, default=5000)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--keep", help="where to generate (kept); default: a temp folder")
    parser.add_argument("--compare", action="store_true")
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    repo, temporary = options.repo, None
    if options.generate:
        temporary = None if options.keep else tempfile.mkdtemp(prefix="histbench-")
        target = Path(options.keep or temporary)
        if not (target / ".git").exists():
            start = time.perf_counter()
            generate(target, options.commits, options.docs)
            print(f"generated {options.commits} commits in {time.perf_counter() - start:.1f} s")
        repo = str(target)
    if not repo:
        parser.error("give --repo or --generate")
    for name, seconds in time_walk(repo, options.runs).items():
        print(f"  {name:<8} {seconds * 1000:8.1f} ms")
    if options.compare:
        compare(repo, options.runs)
    if temporary:
        shutil.rmtree(temporary, ignore_errors=True)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    main()
