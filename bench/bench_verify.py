"""Benchmark `planproof verify` on a generated project: 100 phases x 4 plans, 5 artifacts each.

    python bench/bench_verify.py               # 5 runs, prints the medians
    python bench/bench_verify.py --runs 9 --phases 100 --keep /tmp/tree

Every plan has a SUMMARY (so every check runs), five artifacts with `contains`, `min_lines`
and `exports`, two key links with regex patterns, files_modified, an @context reference; every
SUMMARY has key-files, a line-count claim, a test-count claim and a commit hash (one git call for
the run). The project is a real git repository with one commit. Each figure is the wall-clock
median of N fresh `planproof verify` processes (start-up included).
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

PLAN = """---
phase: "{phase:03d}"
plan: "{plan:02d}"
type: execute
wave: 1
depends_on: []
files_modified:
{files_modified}
autonomous: true
must_haves:
  truths:
    - "module {phase}.{plan} works"
  artifacts:
{artifacts}
  key_links:
    - from: "src/p{phase}/m{plan}_0.py"
      to: "src/p{phase}/m{plan}_1.py"
      via: "import"
      pattern: "from p{phase}\\\\.m{plan}_1 import f1"
    - from: "m{plan}_2.py"
      to: "m{plan}_3.py"
      via: "call"
      pattern: "f3\\\\(.*\\\\)"
---

<context>
@src/p{phase}/m{plan}_0.py
</context>

<tasks>
<task type="auto">
  <name>Task 1: modules</name>
  <files>src/p{phase}/</files>
  <action>Write the modules.</action>
  <verify><automated>pytest tests/p{phase}</automated></verify>
  <done>done</done>
</task>
</tasks>
"""

ARTIFACT = """    - path: "src/p{phase}/m{plan}_{index}.py"
      provides: "part {index}"
      contains: "def f{index}"
      min_lines: 5
      exports: ["f{index}", "C{index}"]"""

SUMMARY = """---
phase: "{phase:03d}"
plan: "{plan:02d}"
key-files:
  created:
{created}
---

# Summary {phase}-{plan}

1. **Task 1: modules** - `{commit}` (feat)

- `src/p{phase}/m{plan}_0.py` - first module ({lines} lines)
- `tests/p{phase}/test_m{plan}.py` - 3 tests
"""

MODULE = """from p{phase}.m{plan}_{other} import f{other}


def f{index}(value):
    return f3(value) if value else value


class C{index}:
    pass
"""

TEST = """import pytest


def test_one():
    assert True


@pytest.mark.parametrize("x", [1, 2])
def test_two(x):
    assert x
"""


def generate(root: Path, phases: int, plans: int, artifacts: int) -> int:
    documents = 0
    for phase in range(1, phases + 1):
        folder = root / ".planning" / "phases" / f"{phase:03d}-generated"
        folder.mkdir(parents=True, exist_ok=True)
        (root / "src" / f"p{phase}").mkdir(parents=True, exist_ok=True)
        (root / "tests" / f"p{phase}").mkdir(parents=True, exist_ok=True)
        for plan in range(1, plans + 1):
            paths = [f"src/p{phase}/m{plan}_{i}.py" for i in range(artifacts)]
            for i, path in enumerate(paths):
                if (phase + plan + i) % 7 == 0:
                    continue  # some artifacts are missing: findings, not only passes
                (root / path).write_text(MODULE.format(phase=phase, plan=plan, index=i,
                                                       other=(i + 1) % artifacts))
            (root / "tests" / f"p{phase}" / f"test_m{plan}.py").write_text(TEST)
            values = dict(
                phase=phase, plan=plan,
                files_modified="\n".join(f"  - {p}" for p in paths),
                artifacts="\n".join(ARTIFACT.format(phase=phase, plan=plan, index=i)
                                    for i in range(artifacts)),
                created="\n".join(f"    - {p}" for p in paths),
                lines=9, commit="0123abc" if plan % 2 else "{commit}")
            (folder / f"{phase:03d}-{plan:02d}-PLAN.md").write_text(PLAN.format(**values))
            (folder / f"{phase:03d}-{plan:02d}-SUMMARY.md").write_text(SUMMARY.format(**values))
            documents += 2
    return documents


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com",
                           *args], cwd=root, check=True, capture_output=True, text=True).stdout


def planproof() -> list[str]:
    exe = Path(sys.executable).with_name("planproof")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "planproof"]


def timed(args: list[str], runs: int) -> tuple[float, list[float], float]:
    """Median wall clock, the samples, and the median CPU time (user + system) of the child: on a
    shared, loaded machine the CPU time is the figure that does not depend on the neighbours."""
    samples, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([*planproof(), *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(samples), samples, statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--phases", type=int, default=100)
    parser.add_argument("--plans", type=int, default=4)
    parser.add_argument("--artifacts", type=int, default=5)
    parser.add_argument("--keep", help="generate into this folder and keep it")
    args = parser.parse_args()
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="planproof-verify-"))
    try:
        if root.exists() and args.keep:
            shutil.rmtree(root)
        root.mkdir(parents=True, exist_ok=True)
        documents = generate(root, args.phases, args.plans, args.artifacts)
        git(root, "init", "-q")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "generated")
        head = git(root, "rev-parse", "--short=7", "HEAD").strip()
        for summary in root.glob(".planning/phases/*/*-SUMMARY.md"):
            summary.write_text(summary.read_text().replace("{commit}", head))
        planning = str(root / ".planning")
        print(f"generated {documents} documents ({args.phases} phases x {args.plans} plans, "
              f"{args.artifacts} artifacts each) in {root}")
        done = subprocess.run([*planproof(), "verify", planning, "--root", str(root),
                               "--statistics", "-q"], capture_output=True, text=True)
        print("findings per rule (one run):")
        print("  " + "\n  ".join(done.stdout.strip().splitlines()[-12:]))
        where = [planning, "--root", str(root)]
        rows = [
            ("verify (all rules, default -j)", ["verify", "-q", *where]),
            ("verify -j 1 (all rules, one process)", ["verify", "-q", "-j", "1", *where]),
            ("verify -j 1 --select PP5 (repository checks)",
             ["verify", "-q", "-j", "1", "--select", "PP5", *where]),
            ("  same, the 400 PLAN files only",
             ["verify", "-q", "-j", "1", "--select", "PP5", "--exclude", "*-SUMMARY.md", *where]),
            ("lint -j 1 --select PP1 (reading only)",
             ["lint", "-q", "-j", "1", "--no-cache", "--select", "PP1", planning]),
        ]
        print(f"\nmedian of {args.runs} runs, fresh process each; load average before: "
              f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
        print(f"  {'':<48} {'wall':>7}   {'cpu':>7}   (wall min..max)")
        for label, command in rows:
            median, samples, cpu = timed(command, args.runs)
            print(f"  {label:<48} {median:6.3f}s   {cpu:6.3f}s   ({min(samples):.3f}..{max(samples):.3f})")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
