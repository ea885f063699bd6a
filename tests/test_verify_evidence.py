"""Evidence primitives on real files: wc -l counts, exports, static test counts, bounded regex, git."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from verify_helpers import git, make_repo

from planproof.evidence import git as git_evidence
from planproof.evidence import gitcmd
from planproof.evidence import repo as repo_module
from planproof.evidence.regex import BoundedRegex
from planproof.evidence.repo import Repository, count_tests, extract_exports


@pytest.mark.parametrize("content", [
    b"", b"one line no newline", b"a\nb\n", b"a\nb", b"a\r\nb\r\n", b"\n\n\n", b"x\xff\xfe\n",
])
def test_line_count_matches_wc(tmp_path, content):
    path = tmp_path / "f.txt"
    path.write_bytes(content)
    wc = int(subprocess.run(["wc", "-l", str(path)], capture_output=True, text=True).stdout.split()[0])
    assert Repository().line_count(str(path)) == wc


def test_large_files_are_read_bounded_and_counted_fully(tmp_path, monkeypatch):
    monkeypatch.setattr(repo_module, "MAX_READ", 100)
    monkeypatch.setattr(repo_module, "COUNT_CHUNK", 64)
    path = tmp_path / "big.txt"
    path.write_bytes(b"0123456789\n" * 50)
    repo = Repository()
    text = repo.read(str(path))
    assert text.truncated and len(text.text) == 100 and text.size == 550
    assert repo.line_count(str(path)) == 50


def test_each_file_is_read_once(tmp_path):
    path = tmp_path / "f.py"
    path.write_text("def a():\n    pass\n")
    repo = Repository()
    assert "a" in repo.exports(str(path)).names
    path.write_text("def b():\n    pass\n")
    assert repo.read(str(path)).text.startswith("def a")
    assert "a" in repo.exports(str(path)).names and repo.line_count(str(path)) == 2


def test_unreadable_path_is_an_error_not_an_exception(tmp_path):
    assert Repository().read(str(tmp_path / "nope")).error


PY_MODULE = '''
import os
from typing import Any as Whatever
from .sibling import *
__all__ = ["listed_only"]
CONSTANT = 1
counter: int = 0
a, (b, c) = 1, (2, 3)

def function(): ...
async def coroutine(): ...
class Klass:
    def method(self): ...

if os.name == "nt":
    def windows_only(): ...
else:
    WINDOWS = False
try:
    import json as fast_json
except ImportError:
    fast_json = None
'''


def test_python_exports():
    exports = extract_exports("m.py", PY_MODULE)
    for name in ("os", "Whatever", "listed_only", "CONSTANT", "counter", "a", "b", "c", "function",
                 "coroutine", "Klass", "windows_only", "WINDOWS", "fast_json"):
        assert name in exports.names, name
    assert "method" not in exports.names
    assert exports.lower_bound  # the star import


def test_python_exports_of_broken_file_fall_back_to_words():
    exports = extract_exports("m.py", "def broken(:\n    handler = 1\n")
    assert exports.language == "text"
    assert exports.has("handler", "def broken(:\n    handler = 1\n")
    assert not exports.has("hand", "def broken(:\n    handler = 1\n")


def test_javascript_exports():
    text = """
export function alpha() {}
export default class Beta {}
export const gamma = 1, unseen = 2;
export async function delta() {}
export interface Epsilon {}
export type Zeta = string;
export enum Eta { A }
export abstract class Theta {}
export { iota, kappa as lambda, type Mu };
export * as nu from './nu';
module.exports = { xi, omicron: 1 };
exports.pi = 3;
"""
    names = extract_exports("m.ts", text).names
    for name in ("alpha", "Beta", "default", "gamma", "delta", "Epsilon", "Zeta", "Eta", "Theta",
                 "iota", "lambda", "Mu", "nu", "xi", "omicron", "pi"):
        assert name in names, name
    assert "kappa" not in names
    assert extract_exports("m.js", "export * from './x';\n").lower_bound


def test_go_exports():
    text = """package store

type Store struct{}
type (
    Option func(*Store)
    private int
)
const Version = "1"
var (
    ErrMissing = errors.New("missing")
    A, B = 1, 2
)
func New() *Store { return nil }
func (s *Store) Close() error { return nil }
"""
    names = extract_exports("store.go", text).names
    assert {"Store", "Option", "private", "Version", "ErrMissing", "A", "B", "New", "Close"} <= names


def test_rust_exports():
    text = """
pub fn parse() {}
pub(crate) struct Inner;
pub async fn fetch() {}
pub enum Kind { A }
pub trait Visitor {}
pub use crate::lexer::{Lexer, Token as Tok};
pub use crate::errors::Error;
fn private() {}
#[macro_export]
macro_rules! tally { () => {} }
"""
    names = extract_exports("lib.rs", text).names
    assert {"parse", "Inner", "fetch", "Kind", "Visitor", "Lexer", "Tok", "Error", "tally"} <= names
    assert "private" not in names


PY_TESTS = '''
import pytest

def test_plain(): pass
async def test_async(): pass
def helper(): pass

@pytest.mark.parametrize("x", [1, 2, 3])
def test_three(x): pass

@pytest.mark.parametrize("x", [1, 2])
@pytest.mark.parametrize("y", ("a", "b", "c"))
def test_six(x, y): pass

@pytest.mark.parametrize(argnames="x", argvalues=[pytest.param(1), pytest.param(2)])
def test_keywords(x): pass

class TestGroup:
    def test_one(self): pass
    @pytest.mark.parametrize("z", [0, 1])
    def test_two(self, z): pass
    def helper(self): pass

@pytest.mark.parametrize("k", [1, 2])
class TestClassParam:
    def test_a(self, k): pass

class TestWithInit:
    def __init__(self): pass
    def test_never(self): pass

class NotATest:
    def test_no(self): pass
'''


def test_python_static_count_matches_pytest(tmp_path):
    counted = count_tests("test_x.py", PY_TESTS)
    assert counted.count == 1 + 1 + 3 + 6 + 2 + (1 + 2) + 2
    assert not counted.lower_bound
    path = tmp_path / "test_x.py"
    path.write_text(PY_TESTS)
    collected = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q",
                                "-p", "no:cacheprovider", "-W", "ignore", str(path)],
                               capture_output=True, text=True, cwd=tmp_path)
    items = [line for line in collected.stdout.splitlines() if "::" in line]
    assert len(items) == counted.count


@pytest.mark.parametrize("source, count", [
    ("import pytest\nVALUES = [1]\n@pytest.mark.parametrize('x', VALUES)\ndef test_a(x): pass\n", 1),
    ("def pytest_generate_tests(metafunc): pass\ndef test_a(x): pass\n", 1),
    ("from base import test_shared\ndef test_a(): pass\n", 1),
    ("test_lambda = lambda: None\n", 0),
    ("import unittest\nclass TestX(Base):\n    def test_a(self): pass\n", 1),
])
def test_dynamic_tests_make_a_lower_bound(source, count):
    counted = count_tests("test_x.py", source)
    assert counted.lower_bound and counted.count == count


def test_unittest_classes_are_not_a_lower_bound():
    source = "import unittest\nclass TestX(unittest.TestCase):\n    def test_a(self): pass\n"
    counted = count_tests("test_x.py", source)
    assert counted.count == 1 and not counted.lower_bound


def test_javascript_test_count():
    text = """
describe('parser', () => {
  it('parses', () => {});
  test('rejects', async () => {});
  it.only('focus', () => {});
  // it('commented out', () => {});
  /* test('block comment', () => {}) */
  it.skip('skipped', () => {});
  xit('skipped too', () => {});
  const notATest = submit('x');
});
"""
    counted = count_tests("parser.test.ts", text)
    assert counted.count == 3 and not counted.lower_bound
    assert count_tests("a.test.js", "it.each([[1], [2]])('x %i', () => {});\n").lower_bound
    assert count_tests("a.go", "func TestX(t *testing.T) {}") is None


def test_catastrophic_regex_is_bounded():
    bounded = BoundedRegex(per_search=0.2)
    start = time.perf_counter()
    result = bounded.search(r"(a+)+$", "a" * 50_000 + "!")
    assert time.perf_counter() - start < 3
    assert result.status == "timeout"
    assert "0.2 s" in result.detail


def test_regex_budget_stops_further_searches():
    bounded = BoundedRegex(per_search=0.1, budget=0.15)
    for _ in range(3):
        bounded.search(r"(x+x+)+y", "x" * 5000)
    assert bounded.search("a+", "a").status == "budget"
    assert bounded.search("a", "a").found  # literal patterns need no regex engine: never refused


def test_invalid_and_oversized_patterns():
    bounded = BoundedRegex()
    invalid = bounded.search("foo(", "foo(")
    assert invalid.status == "invalid" and "missing )" in invalid.detail
    assert bounded.search("a" * 100_000, "a").status == "too-long"


def test_regex_found_line_and_truncation(monkeypatch):
    from planproof.evidence import regex as regex_module

    bounded = BoundedRegex()
    found = bounded.search(r"^def (\w+)", "x = 1\n\ndef main():\n")
    assert found.found and found.line == 3 and found.match == "def main"
    monkeypatch.setattr(regex_module, "MAX_INPUT", 10)
    late = bounded.search("needle", "x" * 20 + "needle")
    assert late.status == "not-found" and late.truncated


def test_git_batch_finds_and_misses_with_one_call(tmp_path, monkeypatch):
    root = make_repo(tmp_path / "r", {"a.txt": "a\n"})
    head = git(root, "rev-parse", "HEAD")
    blob = git(root, "rev-parse", "HEAD:a.txt")
    calls = []
    real_run = subprocess.run

    def counting_run(*args, **kwargs):
        calls.append(args[0])
        return real_run(*args, **kwargs)

    monkeypatch.setattr(gitcmd.subprocess, "run", counting_run)
    answers = git_evidence.check_commits(str(root), [head[:7], head, "0000000deadbee1", blob[:10]])
    assert len(calls) == 1 and "cat-file" in calls[0]
    assert answers.problem is None
    assert answers.statuses[head[:7]] == "found" and answers.full[head[:7]] == head
    assert answers.statuses[head] == "found"
    assert answers.statuses["0000000deadbee1"] == "missing"
    assert answers.statuses[blob[:10]] in ("missing", "not-commit")


def test_git_problems(tmp_path):
    nothing = tmp_path / "plain"
    nothing.mkdir()
    assert git_evidence.check_commits(str(nothing), ["abc1234"]).problem in ("no-repository",
                                                                              "git-failed")
    empty = make_repo(tmp_path / "empty", {"a.txt": "a"}, commit=False)
    assert git_evidence.check_commits(str(empty), ["abc1234"]).problem == "no-commits"
    assert git_evidence.check_commits(str(empty), ["not hex"]).problem is None  # nothing asked


@pytest.mark.parametrize("pattern, literals", [
    (r"from app\.lexer import tokenize", ["from app.lexer import tokenize"]),
    ('id="a"|id="b"', ['id="a"', 'id="b"']),
    (r"f\(.*\)", None),
    (r"Commands\.(A|B)", None),
    (r"\bword\b", None),
    ("a||b", None),
])
def test_literal_patterns_skip_the_engine(pattern, literals):
    from planproof.evidence.regex import literal_alternatives

    assert literal_alternatives(pattern) == literals
    import regex

    text = "x = 1\nfrom app.lexer import tokenize\nid=\"b\"\nf(1)\nCommands.B\n"
    expected = regex.search(pattern, text, regex.M)
    got = BoundedRegex().search(pattern, text)
    assert got.found == (expected is not None)
