"""Real coverage data for the coverage and JUnit tests, generated once per session.

The fixture project (tests/fixtures/coverage/project) is copied into a temp dir, three modules
with exact statement counts are added (201/202, 1/8, 1/1001 covered), `coverage run` measures
`driver.py` (once without and once with --branch), and coverage.py's own command line writes
`coverage report` (precision 0 and 2), coverage.json, coverage.xml and lcov.info.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent / "fixtures" / "coverage" / "project"

# name -> (executed statements, statements): a def line runs at import, its body never does.
ROUNDING = {"round_201_202": (201, 202), "round_1_8": (1, 8), "round_1_1001": (1, 1001)}

_REPORTS = """
import sys
from coverage.cmdline import main
for argv, out in [(["report"], "report0.txt"), (["report", "--precision=2"], "report2.txt")]:
    with open(out, "w") as handle:
        sys.stdout = handle
        main(argv)
        sys.stdout = sys.__stdout__
for argv in (["json", "-o", "coverage.json"], ["xml", "-o", "coverage.xml"],
             ["lcov", "-o", "lcov.info"]):
    main(argv + ["-q"])
"""


def rounding_module(executed: int, statements: int) -> str:
    top = [f"V{i} = {i}" for i in range(executed - 1)]
    body = [f"    x{i} = {i}" for i in range(statements - executed)]
    return "\n".join(top + ["", "", "def never_called():", *body, ""])


@dataclass
class Generated:
    root: Path
    branch: bool
    report0: str
    report2: str

    @property
    def data(self) -> Path:
        return self.root / ".coverage"

    def path(self, name: str) -> Path:
        return self.root / name

    def rows(self, precision: int = 2) -> dict[str, dict]:
        """`coverage report` rows: name -> {Stmts, Miss, [Branch, BrPart], Cover}."""
        text = self.report2 if precision == 2 else self.report0
        lines = text.splitlines()
        header = lines[0].split()
        rows = {}
        for line in lines[2:]:
            if not line.strip() or line.startswith("-"):
                continue
            parts = line.split()
            rows[parts[0]] = dict(zip(header[1:], parts[1:]))
        return rows


def generate(base: Path, branch: bool) -> Generated:
    root = base / ("branch" if branch else "lines")
    shutil.copytree(PROJECT, root)
    for name, (executed, statements) in ROUNDING.items():
        (root / "pkg" / f"{name}.py").write_text(rounding_module(executed, statements))
    with open(root / "driver.py", "a") as driver:
        driver.write("from pkg import round_201_202, round_1_8, round_1_1001  # noqa\n")
    run = [sys.executable, "-m", "coverage", "run", *(["--branch"] if branch else []), "driver.py"]
    subprocess.run(run, cwd=root, check=True, capture_output=True)
    subprocess.run([sys.executable, "-c", _REPORTS], cwd=root, check=True, capture_output=True)
    return Generated(root, branch, (root / "report0.txt").read_text(),
                     (root / "report2.txt").read_text())


_CACHE: dict[bool, Generated] = {}


def generated(tmp_path_factory, branch: bool) -> Generated:
    if branch not in _CACHE:
        _CACHE[branch] = generate(tmp_path_factory.mktemp("coverage-data"), branch)
    return _CACHE[branch]


SUITE = Path(__file__).resolve().parent / "fixtures" / "junit" / "suite"
_JUNIT: dict[str, Path] = {}


def generated_junit(tmp_path_factory) -> Path:
    """Run the fixture suite (passing, failing, skipped, xfail, teardown-error tests) with
    `pytest --junitxml` in a temp copy and return the report's path."""
    if "xml" not in _JUNIT:
        root = tmp_path_factory.mktemp("junit") / "suite"
        shutil.copytree(SUITE, root)
        report = root / "junit.xml"
        subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                        f"--junitxml={report}", "tests"], cwd=root, capture_output=True)
        assert report.is_file()
        _JUNIT["xml"] = report
    return _JUNIT["xml"]
