"""Time (and peak memory) of planproof on hostile and broken input: one figure per case.

    python bench/bench_hostile.py                 # 3 runs per case, prints the medians
    python bench/bench_hostile.py --runs 5 --only alias-bomb,wide-table --keep /tmp/hostile

Each case writes its input into a fresh folder (not timed), then runs the real command line,
`python -m planproof lint|verify ... --format json`, as a fresh process and reports the wall-clock
median of N runs (start-up included, about 0.2 s) and the largest peak RSS. The same cases, built
by the same functions, are asserted in tests/test_hostile.py with a generous CPU-time bound; cases
marked `bench only` are too slow to belong in the test suite and are only measured here.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

PLAN_NAME = "01-01-PLAN.md"
PHASE = ".planning/phases/01-core"
SECRET = "TOP SECRET outside the root"


@dataclass
class Case:
    name: str
    what: str
    build: Callable[[Path], list[str]]  # writes input under a fresh folder, returns the argv
    expect: Callable[[dict], None]  # asserts on the parsed JSON report
    bound: float  # CPU seconds the test allows: generous on purpose; wall time is printed here
    in_suite: bool = True
    cleanup: Callable[[Path], None] | None = None  # for inputs shutil.rmtree cannot remove


# -- helpers ---------------------------------------------------------------------------------

def codes(report: dict) -> list[str]:
    return [f["code"] for f in report["findings"]]


def found(report: dict, code: str) -> list[dict]:
    return [f for f in report["findings"] if f["code"] == code]


def lint_args(path: Path, *extra: str) -> list[str]:
    return ["lint", str(path), "--format", "json", "--no-cache", "-j", "1", *extra]


def write_doc(base: Path, content: str | bytes, name: str = PLAN_NAME) -> Path:
    target = base / "docs" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_bytes(content.encode("utf-8"))
    return target


def plan(artifacts: list[str] | None = None, key_links: list[str] | None = None,
         files_modified: list[str] | None = None, body: str = "") -> str:
    """A PLAN with YAML lines already indented under their keys."""
    lines = ["---", 'phase: "01"', 'plan: "01"', "type: execute", "wave: 1"]
    if files_modified:
        lines += ["files_modified:", *files_modified]
    lines += ["must_haves:", "  truths:", '    - "it works"']
    if artifacts:
        lines += ["  artifacts:", *artifacts]
    if key_links:
        lines += ["  key_links:", *key_links]
    lines += ["---", "", "# Plan", "", body, ""]
    return "\n".join(lines)


SUMMARY = '---\nphase: "01"\nplan: "01"\n---\n\n# Summary\n\nDone.\n'


def repo(base: Path, plan_text: str, files: dict[str, str] | None = None) -> Path:
    """A project root with one executed plan (it has a SUMMARY) and `files`."""
    root = base / "repo"
    phase = root / PHASE
    phase.mkdir(parents=True, exist_ok=True)
    (phase / PLAN_NAME).write_text(plan_text, encoding="utf-8")
    (phase / "01-01-SUMMARY.md").write_text(SUMMARY, encoding="utf-8")
    for relative, content in (files or {}).items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    return root


def verify_args(root: Path, *extra: str) -> list[str]:
    return ["verify", str(root / ".planning"), "--root", str(root), "--format", "json",
            "--no-cache", "-j", "1", *extra]


def outside_and_home(base: Path) -> None:
    """A secret file outside the root and a fake home with an SSH key: neither may be read."""
    (base / "outside").mkdir(exist_ok=True)
    (base / "outside" / "secret.txt").write_text(SECRET + "\n")
    (base / "home" / ".ssh").mkdir(parents=True, exist_ok=True)
    (base / "home" / ".ssh" / "id_rsa").write_text("-----BEGIN OPENSSH PRIVATE KEY-----\n")


FORBIDDEN = ("outside", "home")  # folders under the case folder that must never be read


# -- lint cases ------------------------------------------------------------------------------

def alias_bomb(base: Path) -> list[str]:
    rows = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi"):
        rows.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return lint_args(write_doc(base, "---\n" + "\n".join(rows) + "\n---\n# Plan\n"))


def expect_pp117(report: dict) -> None:
    [finding] = found(report, "PP117")
    assert finding["line"] == 2 and finding["column"] == 1


def nested_yaml_flow(base: Path) -> list[str]:
    depth = 10_000
    return lint_args(write_doc(base, "---\na: " + "[" * depth + "]" * depth + "\n---\n# Plan\n"))


def nested_yaml_block(base: Path) -> list[str]:
    depth = 1_500
    keys = "".join(" " * level + "k:\n" for level in range(depth))
    return lint_args(write_doc(base, "---\n" + keys + "---\n# Plan\n"))


def nested_toml(base: Path) -> list[str]:
    depth = 10_000
    return lint_args(write_doc(base, "+++\na = " + "[" * depth + "]" * depth + "\n+++\n# Plan\n"))


def nested_markdown(base: Path) -> list[str]:
    """Thousands of levels of lists and blockquotes, on one line and over many lines."""
    parts = ["---", 'phase: "01"', "---", "# Plan", ""]
    parts += ["- " * 100_000 + "item 1/3 (33%)", ""]
    parts += ["> " * 100_000 + "quote 2/3 (67%)", ""]
    parts += ["1. " * 50_000 + "step", ""]
    parts += ["  " * level + "- level" for level in range(700)] + [""]
    parts += ["> " * level + "deeper" for level in range(700)] + [""]
    return lint_args(write_doc(base, "\n".join(parts) + "\n"))


def expect_read(report: dict) -> None:
    """The input was read and checked (not skipped as too large or unreadable)."""
    assert report["files"] >= 1
    assert not found(report, "PP103") and not found(report, "PP104")


def nested_tags(base: Path) -> list[str]:
    depth = 50_000
    parts = ["---", 'phase: "01"', "---", "# Plan", "",
             "<tasks>" + "<task>" * depth + "x" + "</task>" * depth + "</tasks>", ""]
    parts += ['<task type="auto">'] * depth  # never closed
    return lint_args(write_doc(base, "\n".join(parts) + "\n"))


def doc_20mb(base: Path) -> list[str]:
    chunk = "- Coverage 12/34 (35.3%) and more words here\n"
    text = "---\nphase: '01'\n---\n# Plan\n\n" + chunk * (20_000_000 // len(chunk))
    return lint_args(write_doc(base, text))


def expect_pp103(report: dict) -> None:
    [finding] = found(report, "PP103")
    assert finding["evidence"]["bytes"] > 20_000_000 - 100
    assert (finding["line"], finding["column"]) == (1, 1)


def single_line(size: int, unit: str, end: str = "") -> Callable[[Path], list[str]]:
    def build(base: Path) -> list[str]:
        text = "---\nphase: '01'\n---\n# Plan\n\n" + unit * (size // len(unit)) + end + "\n"
        return lint_args(write_doc(base, text))

    return build


def wide_table(cell: str) -> Callable[[Path], list[str]]:
    def build(base: Path) -> list[str]:
        columns = 100_000
        text = ("---\nphase: '01'\n---\n# Plan\n\n|" + f"{cell}|" * columns + "\n|"
                + "-|" * columns + "\n|" + "9|" * columns + "\n")
        return lint_args(write_doc(base, text))

    return build


def many_blocks(base: Path) -> list[str]:
    return lint_args(write_doc(base, "# 1/2 (50%)\n" * 160_000))


def deep_folders(base: Path) -> list[str]:
    folder = base / "docs"
    folder.mkdir()
    for _ in range(1_500):  # os.makedirs recurses too: one level at a time
        folder = folder / "d"
        folder.mkdir()
    (folder / PLAN_NAME).write_text("---\nphase: '01'\nplan: '01'\nphase: '01'\n---\n# Plan\n")
    return lint_args(base / "docs")


def expect_deep_document(report: dict) -> None:
    [finding] = found(report, "PP111")
    assert finding["path"].replace(os.sep, "/").split("/").count("d") == 1_500


def remove_deep_folders(base: Path) -> None:
    """shutil.rmtree recurses (RecursionError at this depth): remove one level at a time."""
    folder = base / "docs"
    while (folder / "d").is_dir():
        folder = folder / "d"
    (folder / PLAN_NAME).unlink(missing_ok=True)
    while folder != base:
        folder.rmdir()
        folder = folder.parent


def binary_nul(base: Path) -> list[str]:
    data = b"---\nphase: '01'\n---\n# Plan\n\n" + bytes(range(256)) * 4000
    return lint_args(write_doc(base, data))


def expect_pp102(report: dict) -> None:
    [finding] = found(report, "PP102")
    assert finding["line"] == 6


def invalid_utf8(base: Path) -> list[str]:
    data = b"---\nphase: '01'\n---\n# Plan\n\nabc \xff\xfe def\n\xc3\x28 \xe2\x82 \x80\n" * 1
    return lint_args(write_doc(base, data))


def expect_pp101(report: dict) -> None:
    [finding] = found(report, "PP101")
    assert (finding["line"], finding["column"]) == (6, 5)


MIXED_EOL = (
    "---\r\n"  # 1
    "phase: '01'\r"  # 2
    "plan: '01'\n"  # 3
    "phase: '02'\r\n"  # 4: duplicate key
    "---\n"  # 5
    "\r"  # 6
    "# Plan\r\n"  # 7
    "\r"  # 8
    "Tests: 1/3 passing (50%).\r\n"  # 9: contradiction
)


def mixed_eol(base: Path) -> list[str]:
    return lint_args(write_doc(base, MIXED_EOL))


def expect_mixed_eol(report: dict) -> None:
    [duplicate] = found(report, "PP111")
    assert (duplicate["line"], duplicate["column"]) == (4, 1)
    [mismatch] = found(report, "PP401")
    assert mismatch["line"] == 9


def special_files(base: Path) -> list[str]:
    """A named pipe, a device, dangling and looping symlinks, and symlinks leaving the tree,
    all named like planning documents."""
    outside_and_home(base)
    docs = base / "docs"
    write_doc(base, "---\nphase: '01'\nplan: '01'\n---\n# Plan\n")
    os.mkfifo(docs / "02-01-PLAN.md")
    os.symlink("/dev/zero", docs / "03-01-PLAN.md")
    os.symlink(base / "outside" / "secret.txt", docs / "04-01-PLAN.md")
    os.symlink(base / "home" / ".ssh" / "id_rsa", docs / "05-01-PLAN.md")
    os.symlink(docs / "missing.md", docs / "06-01-PLAN.md")
    os.symlink(docs / "07-01-PLAN.md", docs / "08-01-PLAN.md")
    os.symlink(docs / "08-01-PLAN.md", docs / "07-01-PLAN.md")
    return lint_args(docs)


def expect_special_files(report: dict) -> None:
    unreadable = sorted(os.path.basename(f["path"]) for f in found(report, "PP104"))
    assert unreadable == ["02-01-PLAN.md", "06-01-PLAN.md", "07-01-PLAN.md", "08-01-PLAN.md"]
    read = sorted(os.path.basename(d["path"]) for d in report["documents"])
    assert "03-01-PLAN.md" not in read and "04-01-PLAN.md" not in read  # they leave the tree
    assert SECRET not in json.dumps(report)


# -- verify cases ----------------------------------------------------------------------------

def catastrophic_regex(base: Path) -> list[str]:
    root = repo(base, plan(key_links=[
        '    - from: "src/aaa.txt"', '      to: "src/b.py"', '      pattern: "(a+)+$"']),
        {"src/aaa.txt": "a" * 100_000 + "!\n", "src/b.py": "x = 1\n"})
    return verify_args(root, "--select", "PP5")


def expect_timeout(report: dict) -> None:
    [finding] = found(report, "PP513")
    assert finding["evidence"]["limit"] == "timeout"
    assert not found(report, "PP510")  # undecided is not "not found"


def invalid_regex(base: Path) -> list[str]:
    root = repo(base, plan(key_links=[
        '    - from: "src/a.py"', '      to: "src/b.py"', '      pattern: "tokenize(["']),
        {"src/a.py": "tokenize()\n", "src/b.py": "x = 1\n"})
    return verify_args(root, "--select", "PP5")


def expect_pp511(report: dict) -> None:
    [finding] = found(report, "PP511")
    assert finding["evidence"]["regex_error"]


def pattern_100kb(base: Path) -> list[str]:
    pattern = "(a|b)+c" * (100_000 // 7)
    root = repo(base, plan(key_links=[
        '    - from: "src/a.py"', '      to: "src/b.py"', f'      pattern: "{pattern}"']),
        {"src/a.py": "ab" * 1000 + "\n", "src/b.py": "x = 1\n"})
    return verify_args(root, "--select", "PP5")


def expect_too_long(report: dict) -> None:
    [finding] = found(report, "PP513")
    assert finding["evidence"]["limit"] == "too-long"


ESCAPES = ["../../../../outside/secret.txt", "../../../../../../../../etc/passwd", "/etc/passwd",
           "~/.ssh/id_rsa", "src/nul\\0byte.py", "src/leak.txt", "src/outdir/secret.txt",
           "src/loop-a"]


def escaping_paths(base: Path) -> list[str]:
    outside_and_home(base)
    artifacts = []
    for path in ESCAPES:
        artifacts += [f'    - path: "{path}"', '      provides: "x"', '      contains: "SECRET"']
    key_links = ['    - from: "../../../../outside/secret.txt"', '      to: "src/app.py"',
                 '      pattern: "SECRET"',
                 '    - from: "src/leak.txt"', '      to: "src/app.py"', '      pattern: "TOP"']
    body = ("<context>\n@../../../../outside/secret.txt\n@~/.ssh/id_rsa\n@src/leak.txt\n"
            "</context>\n")
    root = repo(base, plan(artifacts, key_links, ['  - "../../../../outside/secret.txt"',
                                                  '  - "/etc/passwd"'], body),
                {"src/app.py": "x = 1\n"})
    os.symlink(base / "outside" / "secret.txt", root / "src" / "leak.txt")
    os.symlink(base / "outside", root / "src" / "outdir")
    os.symlink(root / "src" / "loop-b", root / "src" / "loop-a")
    os.symlink(root / "src" / "loop-a", root / "src" / "loop-b")
    return verify_args(root)


def expect_refused(report: dict) -> None:
    refused = found(report, "PP506")
    reasons = {f["evidence"]["refused"] for f in refused}
    assert {"absolute", "parent-escape", "symlink-escape", "symlink-loop"} <= reasons, reasons
    assert len(refused) >= len(ESCAPES) - 1  # "~/..." may be PP507 (machine-specific) instead
    assert not found(report, "PP502")  # "contains" was never checked: nothing was read
    assert SECRET not in json.dumps(report)


def xml_bombs(base: Path) -> list[str]:
    """'Billion laughs' in coverage.xml and junit.xml (files a pull request can add)."""
    entities = "".join(f'<!ENTITY e{i} "' + f"&e{i - 1};" * 10 + '">' for i in range(1, 10))
    bomb = ('<?xml version="1.0"?><!DOCTYPE {0} [<!ENTITY e0 "lol">' + entities
            + ']><{0} line-rate="0.5"><packages><package name="&e9;"/></packages></{0}>')
    root = repo(base, plan(), {"coverage.xml": bomb.format("coverage"),
                               "junit.xml": bomb.format("testsuites")})
    summary = root / PHASE / "01-01-SUMMARY.md"
    summary.write_text(SUMMARY + "\n- `src/app.py`: 50.0% coverage\n- Tests: 3/3 passing\n")
    return verify_args(root, "--select", "PP6", "--coverage", str(root / "coverage.xml"),
                       "--junit", str(root / "junit.xml"))


def expect_xml_refused(report: dict) -> None:
    assert found(report, "PP608") and found(report, "PP613")
    assert "lollollol" not in json.dumps(report)


def many_artifacts(base: Path) -> list[str]:
    files = {f"src/m{i}.py": f"def f{i}():\n    return {i}\n" for i in range(1_000)}
    artifacts = []
    for i in range(10_000):
        artifacts += [f'    - path: "src/m{i % 2_000}.py"', f'      contains: "def f{i % 2_000}"']
    return verify_args(repo(base, plan(artifacts), files), "--select", "PP5")


def expect_many_artifacts(report: dict) -> None:
    assert len(found(report, "PP501")) == 5_000  # m1000..m1999 do not exist, five times each
    assert not found(report, "PP502")


def many_findings(base: Path) -> list[str]:
    keys = "".join(f"k{i % 2}: {i}\n" for i in range(2_002))  # 2,000 duplicate keys
    for index in range(50):
        write_doc(base, "---\n" + keys + "---\n# Plan\n", f"{index:02d}-01-PLAN.md")
    return lint_args(base / "docs", "--select", "PP111")


def expect_many_findings(report: dict) -> None:
    assert len(report["findings"]) == 100_000
    assert set(codes(report)) == {"PP111"}


CASES = [
    Case("alias-bomb", "YAML 'billion laughs' (9 levels of 9 aliases) in frontmatter",
         alias_bomb, expect_pp117, 10),
    Case("nested-yaml-flow", "10,000 levels of [[[...]]] in frontmatter",
         nested_yaml_flow, expect_pp117, 10),
    Case("nested-yaml-block", "1,500 levels of indented mappings (1.1 MB of frontmatter)",
         nested_yaml_block, expect_pp117, 15),
    Case("nested-toml", "10,000 levels of nested arrays in +++ TOML frontmatter",
         nested_toml, expect_pp117, 10),
    Case("nested-markdown", "100,000-level lists and blockquotes on one line, 700 over lines",
         nested_markdown, expect_read, 20),
    Case("nested-tags", "50,000 nested <task> tags on one line, 50,000 never closed",
         nested_tags, expect_read, 25),
    Case("doc-20mb", "a 20 MB document (over the 2 MiB --max-file-size default)",
         doc_20mb, expect_pp103, 10),
    Case("line-1mb", "a 1 MB single line of prose", single_line(1_000_000, "words and more "),
         expect_read, 15),
    Case("line-1.9mb-claims", "a 1.9 MB single line of fraction/percent claims",
         single_line(1_900_000, "12/34 (35.3%) went 9% -> 20% (+11 points); "),
         expect_read, 60, in_suite=False),
    Case("fractions-1.9mb", "a 1.9 MB line of bare fractions '1/2 ' and one percentage",
         single_line(1_900_000, "1/2 ", "(50%)"), expect_read, 120, in_suite=False),
    Case("line-200kb-claims", "a 200 KB single line of fraction/percent claims",
         single_line(200_000, "12/34 (35.3%) went 9% -> 20% (+11 points); "),
         expect_read, 20),
    Case("line-1.9mb-backticks", "a 1.9 MB single line of unbalanced backticks and brackets",
         single_line(1_900_000, "``a` [[(<"), expect_read, 20),
    Case("line-1.9mb-tags", "a 1.9 MB single line of '<a ' (tag openings that never close)",
         single_line(1_900_000, "<a "), expect_read, 20),
    Case("wide-table", "table rows with 100,000 columns", wide_table("a"),
         expect_read, 20),
    Case("wide-table-claims", "table rows with 100,000 columns, a claim in every header cell",
         wide_table("a 1/2 (50%)"), expect_read, 90, in_suite=False),
    Case("many-blocks", "160,000 one-line headings with a claim each (1.9 MB)",
         many_blocks, expect_read, 60, in_suite=False),
    Case("deep-folders", "a document 1,500 folders deep", deep_folders, expect_deep_document, 15,
         in_suite=False, cleanup=remove_deep_folders),  # a tree pytest's rmtree cannot remove
    Case("binary-nul", "binary data with NUL bytes in a .md file", binary_nul, expect_pp102, 10),
    Case("invalid-utf8", "bytes that are not UTF-8", invalid_utf8, expect_pp101, 10),
    Case("mixed-eol", "CR, LF and CRLF line endings mixed in one file",
         mixed_eol, expect_mixed_eol, 10),
    Case("special-files", "FIFO, /dev/zero, dangling, looping and escaping symlinks as .md",
         special_files, expect_special_files, 10),
    Case("catastrophic-regex", "key link pattern (a+)+$ against 100,000 a's and a '!'",
         catastrophic_regex, expect_timeout, 15),
    Case("invalid-regex", "key link pattern that does not compile", invalid_regex,
         expect_pp511, 10),
    Case("pattern-100kb", "a 100 KB key link pattern", pattern_100kb, expect_too_long, 10),
    Case("escaping-paths", "../.., /etc/passwd, ~/.ssh, NUL byte, symlinks out, symlink loop",
         escaping_paths, expect_refused, 15),
    Case("xml-bombs", "entity expansion bombs in coverage.xml and junit.xml",
         xml_bombs, expect_xml_refused, 10),
    Case("artifacts-10k", "10,000 artifacts in one plan (half of them missing)",
         many_artifacts, expect_many_artifacts, 30),
    Case("findings-100k", "100,000 findings in one run (50 files x 2,000 duplicate keys)",
         many_findings, expect_many_findings, 60),
]


# -- measuring -------------------------------------------------------------------------------

# The child's own peak RSS: ru_maxrss of a spawned child starts at the parent's peak, so the
# child resets its high-water mark (Linux /proc/self/clear_refs) and prints VmHWM at exit.
CHILD = """
import atexit, sys
def peak():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    sys.stderr.write("PEAK_KB " + line.split()[1] + "\\n")
    except OSError:
        pass
try:
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")
except OSError:
    pass
atexit.register(peak)
from planproof.cli import main
main(sys.argv[1:])
"""


def run_once(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int, int, bytes]:
    """Wall time, peak RSS (KiB, 0 if unknown), exit code and stdout of one fresh process."""
    out_path = cwd / "report.json"
    start = time.perf_counter()
    with open(out_path, "wb") as out:
        process = subprocess.run([sys.executable, "-c", CHILD, *argv], cwd=cwd, env=env,
                                 stdout=out, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    stderr = process.stderr.decode(errors="replace")
    if "Traceback" in stderr:
        raise SystemExit(f"traceback from {argv}:\n{stderr}")
    peak = next((int(l.split()[1]) for l in stderr.splitlines() if l.startswith("PEAK_KB ")), 0)
    return elapsed, peak, process.returncode, out_path.read_bytes()


def measure(case: Case, base: Path, runs: int) -> tuple[float, int, int]:
    base.mkdir(parents=True, exist_ok=True)
    argv = case.build(base)
    env = {**os.environ, "HOME": str(base / "home"), "NO_COLOR": "1"}
    times, peak, code = [], 0, 0
    try:
        for _ in range(runs):
            elapsed, rss, code, stdout = run_once(argv, base, env)
            times.append(elapsed)
            peak = max(peak, rss)
    finally:
        if case.cleanup:
            case.cleanup(base)
    report = json.loads(stdout)
    assert "PP000" not in codes(report), f"{case.name}: internal error"
    case.expect(report)
    return statistics.median(times), peak, code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", help="comma-separated case names")
    parser.add_argument("--keep", help="build the cases in this folder and keep it")
    args = parser.parse_args()
    chosen = [c for c in CASES if not args.only or c.name in args.only.split(",")]
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="planproof-hostile-"))
    print(f"planproof on hostile input: median wall time of {args.runs} fresh processes "
          "(start-up included), peak RSS")
    print(f"{'case':<22} {'median':>8} {'peak RSS':>9} {'exit':>4} {'test bound':>10}  input")
    try:
        for case in chosen:
            median, peak, code = measure(case, work / case.name, args.runs)
            bound = f"{case.bound:.0f} s" if case.in_suite else "bench only"
            print(f"{case.name:<22} {median:>7.2f}s {peak / 1024:>7.0f}MB {code:>4} {bound:>10}  "
                  f"{case.what}", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
