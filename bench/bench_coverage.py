"""Benchmark coverage claims on a generated 500-module project measured by coverage.py.

    python bench/bench_coverage.py             # 5 runs each, prints the medians
    python bench/bench_coverage.py --runs 9 --modules 500 --keep /tmp/covbench

Setup (not timed): 500 modules of ~180 statements with branches (~90k statements), a driver that
runs part of each, `coverage run --branch`, `coverage json`. Two planning documents: one with 20
per-file claims and an overall claim (true figures from the JSON), one with the overall claim only.

Timed (wall-clock medians of fresh processes, start-up included, bytecode caches warm as after
any install; CPU seconds are printed too, steadier than wall time on a shared machine):
1. `planproof verify --coverage coverage.json` on the 21-claim document (goal: < 0.25 s);
2. the same 20 per-file claims against `.coverage`, and in-process which files were analysed
   (goal: exactly the claimed files);
3. the overall claim against `.coverage` vs `coverage report` on the same data (goal: <= 1.1x).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FUNCTION = '''

def f{i}(x, y=0):
    total = 0
    if x > {i}:
        total += x
    else:
        total -= x
    for k in range(3):
        if k % 2:
            total += k
        elif y:
            total -= k
    while total > 1000:
        total //= 2
    if total < 0 and y:
        return -total
    try:
        total = int(total)
    except ValueError:
        total = 0
    return total
'''


def make_project(root: Path, modules: int) -> None:
    package = root / "proj"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    for m in range(modules):
        body = "".join(FUNCTION.format(i=i) for i in range(10))
        (package / f"mod{m:03d}.py").write_text(f'"""Module {m}."""\n' + body)
    calls = "\n".join(
        f"from proj import mod{m:03d}\n"
        + "".join(f"mod{m:03d}.f{i}({(m + i) % 7}, {i % 2})\n" for i in range(m % 10))
        for m in range(modules))
    (root / "driver.py").write_text(calls)
    (root / ".coveragerc").write_text("[run]\nbranch = True\nsource = proj\n")


# Bytecode caching as in a normal install: this machine exports PYTHONDONTWRITEBYTECODE=1,
# which makes every process recompile every module it imports. The caches go to a temp dir.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["PYTHONPYCACHEPREFIX"] = os.path.join(tempfile.gettempdir(), "planproof-bench-pycache")


def run(args, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=ENV)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


CPU: dict[str, list[float]] = {}


def timed(args, cwd, runs: int, label: str = "") -> tuple[float, subprocess.CompletedProcess]:
    """Median wall-clock seconds of `runs` fresh processes; their CPU seconds (user + system)
    go to CPU[label], which is steadier than wall time on a shared machine."""
    times, last = [], None
    for _ in range(runs):
        cpu, start = _children_cpu(), time.perf_counter()
        last = run(args, cwd)
        times.append(time.perf_counter() - start)
        CPU.setdefault(label, []).append(_children_cpu() - cpu)
    return statistics.median(times), last


def cpu(label: str) -> float:
    return statistics.median(CPU[label])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--modules", type=int, default=500)
    parser.add_argument("--keep", help="build the project here and keep it")
    options = parser.parse_args()
    base = Path(options.keep) if options.keep else Path(tempfile.mkdtemp(prefix="covbench-"))
    if base.exists() and options.keep:
        shutil.rmtree(base)
    base.mkdir(parents=True, exist_ok=True)
    python = sys.executable
    planproof = [python, "-m", "planproof"]
    try:
        make_project(base, options.modules)
        for step in (["coverage", "run", "driver.py"], ["coverage", "json", "-q"]):
            done = run([python, "-m", *step], base)
            assert done.returncode == 0, done.stderr
        report = json.loads((base / "coverage.json").read_text())
        totals = report["totals"]
        names = sorted(report["files"])[1::25][:20]
        rows = [f"| `{name}` | {report['files'][name]['summary']['percent_covered']:.2f}% |"
                for name in names]
        docs = base / "docs"
        docs.mkdir()
        overall = f"Measured coverage: {totals['percent_covered']:.2f}% overall\n"
        (docs / "01-01-SUMMARY.md").write_text(
            "# Coverage\n\n| File | Coverage |\n|---|---|\n" + "\n".join(rows) + "\n\n" + overall)
        (docs / "files-SUMMARY.md").write_text(
            "# Coverage\n\n| File | Coverage |\n|---|---|\n" + "\n".join(rows) + "\n")
        (docs / "total-SUMMARY.md").write_text("# Coverage\n\n" + overall)
        print(f"project: {options.modules} modules, {totals['num_statements']} statements, "
              f"{totals['num_branches']} branches, total {totals['percent_covered']:.2f}%")

        common = ["--root", str(base), "--select", "PP6", "--format", "json", "--no-cache"]
        run([*planproof, "verify", "docs/01-01-SUMMARY.md", "--coverage", "coverage.json",
             *common], base)  # warm-up: writes the bytecode caches
        json_time, done = timed([*planproof, "verify", "docs/01-01-SUMMARY.md", "--coverage",
                                 "coverage.json", *common], base, options.runs, "json")
        found = json.loads(done.stdout)["findings"]
        assert len(found) == 21 and {f["code"] for f in found} == {"PP600"}, found
        print(f"1. 21 claims vs coverage.json, end to end:   {json_time:.3f} s wall, "
              f"{cpu('json'):.3f} s CPU  (goal < 0.25 s)")

        files_time, done = timed([*planproof, "verify", "docs/files-SUMMARY.md", "--coverage",
                                  ".coverage", *common], base, options.runs)
        found = json.loads(done.stdout)["findings"]
        assert len(found) == 20 and {f["code"] for f in found} == {"PP600"}, found
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
        from planproof.evidence.coverage import CoverageEvidence

        evidence = CoverageEvidence([str(base / ".coverage")], root=str(base))
        for name in names:
            evidence.lookup(name)
        analysed = sorted(os.path.relpath(n, base) for n in evidence.sources[0].analysed)
        print(f"2. 20 per-file claims vs .coverage:           {files_time:.3f} s  "
              f"(analysed {len(analysed)} of {options.modules + 1} measured files: "
              f"{'exactly the claimed ones' if analysed == sorted(names) else analysed})")

        # alternate the two commands so that both see the same machine load
        ours, theirs = [], []
        for _ in range(options.runs):
            elapsed, done = timed([*planproof, "verify", "docs/total-SUMMARY.md", "--coverage",
                                   ".coverage", *common], base, 1, "ours")
            ours.append(elapsed)
            theirs.append(timed([python, "-m", "coverage", "report"], base, 1, "theirs")[0])
        found = json.loads(done.stdout)["findings"]
        assert [f["code"] for f in found] == ["PP600"], found
        total_time, report_time = statistics.median(ours), statistics.median(theirs)
        print(f"3. overall claim vs .coverage:                {total_time:.3f} s wall, "
              f"{cpu('ours'):.3f} s CPU")
        print(f"   `coverage report` on the same data:        {report_time:.3f} s wall, "
              f"{cpu('theirs'):.3f} s CPU")
        print(f"   ratio: wall {total_time / report_time:.2f}, CPU "
              f"{cpu('ours') / cpu('theirs'):.2f}  (goal <= 1.1)")
        assert not list(base.glob(".coverage.*")), "parallel files appeared"
    finally:
        if not options.keep:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
