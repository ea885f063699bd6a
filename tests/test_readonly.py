"""planproof only reads: a real repository (git history, real coverage.py data with an uncombined
parallel-mode file beside it, plans, summaries, a verification report) is byte-for-byte and
mtime-for-mtime the same after `lint`, `verify` and `signoff`; the only thing that may appear is
the documented lint cache folder `.planproof_cache/`, and only without `--no-cache`.
In process, audit hooks (PEP 578) show no file opened for writing, nothing removed or renamed,
and no program run other than git.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from planproof.cli.commands import cli

CACHE_DIR = ".planproof_cache"

PLAN = """\
---
phase: "01"
plan: "01"
type: execute
wave: 1
files_modified: [src/app/models.py, src/app/views.py]
must_haves:
  truths:
    - "models are saved"
  artifacts:
    - path: "src/app/models.py"
      provides: "models"
      contains: "def save"
      exports: ["save", "Model"]
      min_lines: 3
    - path: "../../../../outside.txt"
      provides: "nothing"
  key_links:
    - from: "src/app/views.py"
      to: "src/app/models.py"
      pattern: "from app\\\\.models import save"
---

# Plan

<context>
@src/app/models.py
</context>

<tasks>
<task type="auto">
  <name>Save models</name>
  <action>Write save()</action>
  <verify>rm -rf / && touch /tmp/planproof-executed</verify>
</task>
</tasks>
"""

SUMMARY = """\
---
phase: "01"
plan: "01"
key-files:
  created: [src/app/models.py]
---

# Summary

- `src/app/models.py`: 66.7% coverage (2/3 statements), 12 lines
- Tests: 1/1 passing (100%)
- Commit abc1234 and {commit}
"""

VERIFICATION = """\
---
phase: "01"
status: passed
score: 1/1 must-haves verified
---

# Verification

**Score:** 1/1 truths verified
"""

MODELS = """\
class Model:
    pass


def save(model):
    if model is None:
        return False
    return True


def unused():
    return 1
"""

DRIVER = "import sys\nsys.path.insert(0, 'src')\nfrom app.models import save\nsave(1)\n"


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com",
                           "-c", "commit.gpgsign=false", *args], cwd=root, check=True,
                          capture_output=True, text=True).stdout.strip()


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("readonly") / "project"
    files = {
        "src/app/__init__.py": "",
        "src/app/models.py": MODELS,
        "src/app/views.py": "from app.models import save\n",
        "driver.py": DRIVER,
        ".planning/phases/01-core/01-01-PLAN.md": PLAN,
        ".planning/phases/01-core/01-VERIFICATION.md": VERIFICATION,
        ".planning/ROADMAP.md": "# Roadmap\n\n- [x] Phase 1: core\n",
        ".coveragerc": "[run]\nrelative_files = true\n",  # copies of the project stay whole
    }
    for relative, content in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(content)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "initial")
    commit = git(root, "rev-parse", "HEAD")
    (root / ".planning/phases/01-core/01-01-SUMMARY.md").write_text(
        SUMMARY.format(commit=commit[:10]))
    coverage = [sys.executable, "-m", "coverage", "run"]
    subprocess.run(coverage + ["driver.py"], cwd=root, check=True, capture_output=True)
    subprocess.run(coverage + ["--parallel-mode", "driver.py"], cwd=root, check=True,
                   capture_output=True)
    parallel = [p.name for p in root.glob(".coverage.*")]
    assert len(parallel) == 1, parallel  # .coverage.<host>.<pid>.<random>, never combined
    os.symlink("../outside.txt", root / "src" / "escape.txt")
    (root.parent / "outside.txt").write_text("outside\n")
    return root


def snapshot(root: Path) -> dict[str, tuple]:
    """Every entry under root (.git included): type, content digest or link target, mode, mtime."""
    state = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(folder, name)
            info = os.lstat(path)
            if os.path.islink(path):
                content = os.readlink(path)
            elif os.path.isfile(path):
                content = hashlib.sha256(Path(path).read_bytes()).hexdigest()
            else:
                content = "dir"
            state[os.path.relpath(path, root)] = (content, info.st_mode, info.st_mtime_ns)
    return state


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "HOME": str(root.parent), "NO_COLOR": "1"}
    env.pop("PLANPROOF_CACHE_DIR", None)
    return subprocess.run([sys.executable, "-m", "planproof", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=120)


COMMANDS = [
    ("lint", ".planning"),
    ("lint", ".planning", "--format", "json"),
    ("verify", ".planning", "--coverage", ".coverage", "--format", "json"),
    ("verify", ".planning"),  # coverage data found at the root by itself
    ("signoff", "01", ".planning", "--coverage", ".coverage"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c[:1] + c[2:]) for c in COMMANDS])
def test_no_cache_changes_nothing_at_all(project, command):
    before = snapshot(project)
    extra = ("--no-cache",) if command[0] in ("lint", "verify") else ()
    result = run(project, *command, *extra)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(project) == before
    assert not os.path.exists("/tmp/planproof-executed")  # <verify> commands are never run
    assert len(list(project.glob(".coverage.*"))) == 1


def test_without_no_cache_only_the_cache_folder_appears(project):
    before = snapshot(project)
    for _ in range(2):  # the second run is answered from the cache
        result = run(project, "lint", ".planning")
        assert result.returncode in (0, 1), result.stderr
    after = snapshot(project)
    added = sorted(set(after) - set(before))
    assert added and all(p == CACHE_DIR or p.startswith(CACHE_DIR + os.sep) for p in added)
    assert [p for p in before if after.get(p) != before[p]] == []
    shutil.rmtree(project / CACHE_DIR)


# -- in process: what the code tries to do, not only what it leaves behind ----------------------

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
MUTATING = {"os.remove", "os.rename", "os.rmdir", "os.mkdir", "os.truncate", "os.chmod",
            "os.chown", "os.utime", "os.symlink", "os.link", "shutil.rmtree", "shutil.move",
            "shutil.copyfile"}
_LOG: list[list[tuple]] = []


def _audit(event: str, args: tuple) -> None:
    if not _LOG:
        return
    if event == "open":
        path, mode, flags = (tuple(args) + (None, None, None))[:3]
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & WRITE_FLAGS)
        if writing and not isinstance(path, int):  # an int is a pipe to git, not a file
            _LOG[-1].append(("write", path))
    elif event == "os.mkdir" and args and os.path.isdir(args[0]):
        return  # coverage.py's load() calls makedirs(exist_ok=True) on the data file's folder
    elif event in MUTATING:
        _LOG[-1].append((event, args[0] if args else None))
    elif event == "subprocess.Popen":
        _LOG[-1].append(("run", args[1] if len(args) > 1 else args))
    elif event in ("os.system", "os.exec", "os.posix_spawn", "os.spawn"):
        _LOG[-1].append(("run", args))


sys.addaudithook(_audit)


def _private(path) -> bool:
    """planproof's own temporary folder: the private copy of `.coverage` that coverage.py reads
    (the user's file is opened read-only and immutable), removed at the end of the run."""
    import tempfile

    if not isinstance(path, (str, bytes, os.PathLike)):
        return False
    relative = os.path.relpath(os.fsdecode(path), tempfile.gettempdir())
    return relative.startswith("planproof-coverage-")


IN_PROCESS = COMMANDS[:4]


@pytest.mark.parametrize("command", IN_PROCESS, ids=[" ".join(c[:1] + c[2:]) for c in IN_PROCESS])
def test_nothing_is_opened_for_writing_and_only_git_runs(project, command, monkeypatch):
    monkeypatch.chdir(project)
    monkeypatch.setenv("HOME", str(project.parent))
    _LOG.append([])
    try:
        result = CliRunner().invoke(cli, [*command, "--no-cache", "-j", "1"],
                                    catch_exceptions=False)
    finally:
        log = _LOG.pop()
    assert result.exit_code in (0, 1), result.output[-2000:]
    assert [entry for entry in log if entry[0] != "run" and not _private(entry[1])] == [], log
    programs = [entry[1] for entry in log if entry[0] == "run"]
    assert all(os.path.basename(str(argv[0])) == "git" for argv in programs), programs
    if command[0] == "verify":
        assert programs, "the commit hash in the SUMMARY is looked up with git"


def test_the_write_recorder_is_not_blind(tmp_path):
    _LOG.append([])
    try:
        (tmp_path / "x").write_text("x")
        os.remove(tmp_path / "x")
        subprocess.run(["true"])
    finally:
        log = _LOG.pop()
    assert [entry[0] for entry in log] == ["write", "os.remove", "run"]


def test_coverage_config_plugins_and_debug_file_are_not_obeyed(project, tmp_path):
    """A repository's .coveragerc is untrusted: `plugins` would make coverage.py import (run) a
    module from the repository, `debug_file` would make it append to any path."""
    copy = tmp_path / "project"
    shutil.copytree(project, copy, symlinks=True)
    marker, debug = tmp_path / "plugin-ran", tmp_path / "debug-written"
    (copy / "evilplugin.py").write_text(f"open({str(marker)!r}, 'w').write('ran')\n"
                                        "def coverage_init(reg, options):\n    pass\n")
    (copy / ".coveragerc").write_text(f"[run]\nplugins = evilplugin\ndebug = sys,config\n"
                                      f"debug_file = {debug}\n")
    result = run(copy, "verify", ".planning", "--coverage", ".coverage", "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    assert '"PP601"' in result.stdout  # the data was read (the summary's 66.7% is refuted)
    assert not marker.exists() and not debug.exists()


def test_coverage_data_naming_sources_outside_the_root_is_not_followed(tmp_path):
    """A .coverage file inside the repository can name any path; planproof does not read it."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.py").write_text("x = 1\ny = 2\n")
    (outside / "drive.py").write_text("import secret\n")
    subprocess.run([sys.executable, "-m", "coverage", "run", "--source", ".", "drive.py"],
                   cwd=outside, check=True, capture_output=True)
    repo = tmp_path / "repo"
    (repo / ".planning").mkdir(parents=True)
    shutil.copy(outside / ".coverage", repo / ".coverage")
    (repo / ".planning" / "notes.md").write_text(
        "# Coverage\n\nCoverage of `secret.py`: 100%\n\nOverall coverage: 100%\n")
    result = run(repo, "verify", ".planning", "--root", ".", "--coverage", ".coverage",
                 "--select", "PP6", "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    assert "outside the repository root" in result.stdout
    assert '"PP600"' not in result.stdout and '"PP601"' not in result.stdout
