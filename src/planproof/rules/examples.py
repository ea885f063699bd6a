"""Rule examples that need files: `<!-- file: PATH -->` sections; those not ending in .md are
the repository the documents are checked against (tests/test_verify.py writes them to a git
repository and runs every verify rule's examples there)."""

SOURCES = """
<!-- file: src/parser.py -->
class Lexer:
    pass


def parse(text):
    return text.split()
<!-- file: src/cli.py -->
from src.parser import parse
<!-- file: tests/test_parser.py -->
def test_parse():
    assert parse("a b") == ["a", "b"]


def test_empty():
    assert parse("") == []
"""
EXECUTED_PLAN = SOURCES + """
<!-- file: .planning/phases/01-parser/01-01-SUMMARY.md -->
---
phase: "01"
plan: "01"
---
# Summary
<!-- file: .planning/phases/01-parser/01-01-PLAN.md -->
---
phase: "01"
plan: "01"
"""


def artifact(**claims: str) -> str:
    """An executed plan claiming one artifact, src/parser.py, with `claims` (YAML values)."""
    lines = "".join(f"      {key}: {value}\n" for key, value in claims.items())
    return (EXECUTED_PLAN + "must_haves:\n  artifacts:\n    - path: src/parser.py\n" + lines
            + "---\n# Plan\n")


def key_link(pattern: str) -> str:
    return (EXECUTED_PLAN + "must_haves:\n  key_links:\n    - from: src/cli.py\n"
            f"      to: src/parser.py\n      pattern: '{pattern}'\n---\n# Plan\n")


def summary_line(line: str) -> str:
    return (SOURCES + "<!-- file: .planning/phases/01-parser/01-01-SUMMARY.md -->\n---\n"
            f"phase: \"01\"\n---\n# Summary\n\n{line}\n")


def executed_artifact(path: str, files: dict[str, str], extra: str = "") -> str:
    """An executed plan (its SUMMARY beside it) whose one artifact is `path`, with the
    repository `files` it is checked against; `extra` is more YAML under the artifact."""
    sections = "".join(f"<!-- file: {name} -->\n{text.rstrip()}\n" for name, text in files.items())
    return (sections + """<!-- file: .planning/phases/01-geo/01-01-SUMMARY.md -->
---
phase: "01"
plan: "01"
---
# Summary
<!-- file: .planning/phases/01-geo/01-01-PLAN.md -->
---
phase: "01"
plan: "01"
must_haves:
  artifacts:
""" + f"    - path: {path}\n      provides: the feature\n{extra}---\n# Plan\n")
