"""Hostile and broken input: every case of bench/bench_hostile.py through the real command line,
in bounded time, with the expected finding, no PP000, no traceback, positions inside the file,
and (for the cases that try) no read outside the root.

Time bounds are CPU seconds (this process and its children), generous on purpose: a loaded CI
machine stretches wall time but not CPU time. bench/bench_hostile.py prints the real wall-clock
figures.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import resource
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPO
from planproof.cli.commands import cli

_spec = importlib.util.spec_from_file_location("bench_hostile",
                                               REPO / "bench" / "bench_hostile.py")
bench = importlib.util.module_from_spec(_spec)
sys.modules["bench_hostile"] = bench
_spec.loader.exec_module(bench)

SUITE_CASES = [case for case in bench.CASES if case.in_suite]


# -- recording every path the process opens or lists (PEP 578 audit hooks) ------------------

_RECORDING: list[list[str]] = []


def _audit(event: str, args: tuple) -> None:
    if not _RECORDING or event not in ("open", "os.listdir", "os.scandir", "shutil.copyfile"):
        return
    path = args[0] if args else None
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    if isinstance(path, str):
        _RECORDING[-1].append(path)


sys.addaudithook(_audit)


class Recorder:
    def __enter__(self) -> list[str]:
        _RECORDING.append([])
        return _RECORDING[-1]

    def __exit__(self, *exc) -> None:
        _RECORDING.pop()


def forbidden_reads(opened: list[str], base: Path) -> list[str]:
    """Opened or listed paths that are (or resolve to) anything outside the case's root."""
    walls = [os.path.realpath(base / name) for name in bench.FORBIDDEN]
    bad = []
    for path in opened:
        if "\0" in path:
            bad.append(path)
            continue
        real = os.path.realpath(path)
        if (real in ("/etc/passwd", "/dev/zero")
                or any(real == wall or real.startswith(wall + os.sep) for wall in walls)):
            bad.append(path)
    return bad


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (workers of -j)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


# -- running a case ---------------------------------------------------------------------------

def run_case(case, base: Path, monkeypatch) -> tuple[dict, float, list[str], object]:
    base.mkdir(parents=True, exist_ok=True)
    argv = case.build(base)
    monkeypatch.setenv("HOME", str(base / "home"))
    monkeypatch.chdir(base)
    with Recorder() as opened:
        start = cpu_seconds()
        result = CliRunner().invoke(cli, argv, catch_exceptions=False)
        elapsed = cpu_seconds() - start
    return json.loads(result.stdout), elapsed, list(opened), result


def assert_positions_inside(report: dict) -> None:
    """Every finding's start and end lie inside its file (line <= lines, column <= length + 1)."""
    cache: dict[str, list[str] | None] = {}
    for finding in report["findings"]:
        path = finding["path"]
        if path not in cache:
            try:
                data = Path(path).read_bytes() if Path(path).is_file() else None
            except OSError:
                data = None
            cache[path] = (None if data is None or len(data) > 2 * 1024 * 1024 else
                           data.decode("utf-8", "replace").replace("\r\n", "\n")
                           .replace("\r", "\n").split("\n"))
        lines = cache[path]
        if lines is None:  # not read (too large, binary, unreadable): reported at 1:1
            assert (finding["line"], finding["column"]) == (1, 1) or finding["code"] == "PP102"
            continue
        for line_key, column_key in (("line", "column"), ("end_line", "end_column")):
            line, column = finding[line_key], finding[column_key]
            assert 1 <= line <= len(lines), (finding, len(lines))
            assert 1 <= column <= len(lines[line - 1]) + 1, (finding, len(lines[line - 1]))


@pytest.mark.parametrize("case", SUITE_CASES, ids=[c.name for c in SUITE_CASES])
def test_hostile_case(case, tmp_path, monkeypatch):
    try:
        report, elapsed, opened, result = run_case(case, tmp_path / case.name, monkeypatch)
        assert elapsed < case.bound, f"{case.name} used {elapsed:.1f} s of CPU (bound {case.bound} s)"
        assert "Traceback" not in result.output
        assert result.exit_code in (0, 1), (result.exit_code, result.stderr[-2000:])
        assert "PP000" not in bench.codes(report), [f for f in report["findings"]
                                                    if f["code"] == "PP000"]
        case.expect(report)
        assert_positions_inside(report)
        assert forbidden_reads(opened, tmp_path / case.name) == []
    finally:
        if case.cleanup:
            case.cleanup(tmp_path / case.name)


def test_discovery_does_not_recurse_per_folder(tmp_path):
    """os.walk recursed once per level before Python 3.12 (1,000 folders deep was a
    RecursionError; bench case deep-folders measures 1,500 levels). Checked here with a lowered
    recursion limit, so the tree stays shallow enough for pytest to remove."""
    from planproof.discovery import discover

    folder = tmp_path / "docs"
    for _ in range(300):
        folder = folder / "d"
    folder.mkdir(parents=True)
    (folder / "01-01-PLAN.md").write_text("# Plan\n")
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(200)
    try:
        sources = discover([str(tmp_path / "docs")])
    finally:
        sys.setrecursionlimit(limit)
    assert [Path(s.path).name for s in sources] == ["01-01-PLAN.md"]


def test_the_read_recorder_sees_a_read_outside(tmp_path):
    """The recorder used above is not blind: opening the secret through a symlink is caught."""
    bench.outside_and_home(tmp_path)
    os.symlink(tmp_path / "outside" / "secret.txt", tmp_path / "link.txt")
    with Recorder() as opened:
        (tmp_path / "link.txt").read_text()
    assert forbidden_reads(opened, tmp_path) == [str(tmp_path / "link.txt")]


def test_a_pipe_named_like_a_plan_is_never_opened_for_a_blocking_read(tmp_path):
    """Opening a FIFO without O_NONBLOCK would wait for a writer forever: PP104 instead."""
    os.mkfifo(tmp_path / "01-01-PLAN.md")
    start = time.monotonic()  # a blocked read would hang using no CPU: wall time here
    result = CliRunner().invoke(cli, ["lint", str(tmp_path / "01-01-PLAN.md"), "--format",
                                      "json", "--no-cache"], catch_exceptions=False)
    assert time.monotonic() - start < 60
    [finding] = json.loads(result.stdout)["findings"]
    assert finding["code"] == "PP104" and "not a regular file" in finding["message"]


def test_an_unreadable_file_is_a_finding(tmp_path):
    target = tmp_path / "01-01-PLAN.md"
    target.write_text("---\nphase: '01'\n---\n# Plan\n")
    target.chmod(0)
    try:
        if os.access(target, os.R_OK):
            pytest.skip("running as root: permissions do not stop reads")
        result = CliRunner().invoke(cli, ["lint", str(target), "--format", "json", "--no-cache"])
        [finding] = json.loads(result.stdout)["findings"]
        assert finding["code"] == "PP104" and "ermission" in finding["message"]
    finally:
        target.chmod(0o644)


def test_a_symlink_loop_given_as_a_path_is_a_usage_error_not_a_traceback(tmp_path):
    os.symlink(tmp_path / "b.md", tmp_path / "a.md")
    os.symlink(tmp_path / "a.md", tmp_path / "b.md")
    result = CliRunner().invoke(cli, ["lint", str(tmp_path / "a.md"), "--no-cache"],
                                catch_exceptions=False)
    assert result.exit_code == 2 and "Traceback" not in result.output


# -- 100,000 findings: the reporters write as they go ---------------------------------------

class CountingStream(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.writes = 0
        self.largest = 0

    def write(self, text: str) -> int:
        self.writes += 1
        self.largest = max(self.largest, len(text))
        return super().write(text)


@pytest.fixture(scope="module")
def many_findings(tmp_path_factory):
    from planproof import pipeline
    from planproof.config import Settings

    base = tmp_path_factory.mktemp("many")
    bench.many_findings(base)
    return pipeline.run([str(base / "docs")], Settings(select=["PP111"], cache=False, jobs=1))


@pytest.mark.parametrize("fmt", ["json", "text", "github"])
def test_100k_findings_are_written_one_at_a_time(many_findings, fmt):
    from planproof.report import ReportOptions, render

    result = many_findings
    assert len(result.findings) == 100_000
    stream = CountingStream()
    start = cpu_seconds()
    render(fmt, result, ReportOptions(), stream)
    assert cpu_seconds() - start < 20
    assert stream.writes >= 100_000  # one write (at least) per finding
    assert stream.largest < 64 * 1024  # never the whole report in one string
    if fmt == "json":
        assert len(json.loads(stream.getvalue())["findings"]) == 100_000


# -- what a document says cannot drive the terminal or forge output lines ----------------------

FORGED = ('---\nphase: "01"\n"\\e[2Jwiped\\nfake.md:1:1: PP000 forged": 1\n'
          '"\\e[2Jwiped\\nfake.md:1:1: PP000 forged": 2\n---\n# Plan\n')


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_control_characters_from_a_document_are_escaped(tmp_path, fmt):
    (tmp_path / "01-01-PLAN.md").write_text(FORGED)
    result = CliRunner().invoke(cli, ["lint", str(tmp_path), "--no-cache", "--select", "PP111",
                                      "--format", fmt], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "duplicate key" in result.stdout  # the finding is there ...
    assert "\x1b" not in result.stdout  # ... without a raw escape sequence
    assert not [line for line in result.stdout.splitlines() if line.startswith("fake.md")]


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_non_finite_numbers_give_strict_json(tmp_path, fmt):
    """YAML `.inf`/`.nan` in a document must not put the invalid tokens Infinity/NaN into the
    report (jq and most JSON parsers reject them)."""
    (tmp_path / "01-VERIFICATION.md").write_text(
        "---\nphase: .inf\nplan: .nan\nwave: -.inf\nscore: .inf\nstatus: passed\n---\n# V\n")
    result = CliRunner().invoke(cli, ["lint", str(tmp_path), "--no-cache", "--format", fmt],
                                catch_exceptions=False)

    def reject(token):
        raise ValueError(f"not JSON: {token}")

    report = json.loads(result.stdout, parse_constant=reject)
    assert "inf" in json.dumps(report)  # the value is still shown, as a string
