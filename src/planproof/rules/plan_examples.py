"""The example PLAN the PP3xx rule documentation builds its bad and good examples on."""

from __future__ import annotations

PLAN_HEAD = """\
---
phase: "01"
plan: "01"
type: execute
wave: 1
depends_on: []
files_modified: [src/app.py]
autonomous: {autonomous}
must_haves:
  truths: ["The app starts"]
  artifacts:
    - path: src/app.py
      provides: "entry point"
---
"""


def plan_example(autonomous: str = "true") -> str:
    """The example PLAN frontmatter, indented like the example bodies written after it (the
    registry dedents each example as a whole)."""
    text = PLAN_HEAD.format(autonomous=autonomous)
    return "".join(" " * 8 + line if line.strip() else line for line in text.splitlines(True))


def linked_example(to: str, source: str = "src/app.py") -> str:
    link = f"  key_links:\n    - from: {source}\n      to: {to}\n      via: import\n"
    head = PLAN_HEAD.format(autonomous="true").replace("---\n", "", 1)
    return "---\n" + head.replace("\n---\n", "\n" + link + "---\n")
