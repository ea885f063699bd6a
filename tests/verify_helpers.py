"""Helpers for the verify tests: real git repositories with real files in temp directories."""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path

from planproof import pipeline
from planproof.config import Settings

PHASE = ".planning/phases/01-core"


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com",
                           "-c", "commit.gpgsign=false", *args], cwd=root, check=True,
                          capture_output=True, text=True).stdout.strip()


def make_repo(root: Path, files: dict[str, str | bytes], commit: bool = True,
              init: bool = True) -> Path:
    """Write `files` under root (text is dedented); `git init` and commit them."""
    root.mkdir(parents=True, exist_ok=True)
    for relative, content in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    if init:
        git(root, "init", "-q")
        if commit:
            git(root, "add", "-A")
            git(root, "commit", "-q", "-m", "initial")
    return root


def verify(root: Path, *paths: str, explicit_root: bool = True, select=("PP5",)):
    """Run the real engine in verify mode; returns the findings."""
    settings = Settings(select=list(select), jobs=1, cache=False,
                        root=str(root) if explicit_root else None)
    targets = [str(root / p) for p in paths] or [str(root / ".planning")]
    return pipeline.run(targets, settings, "verify").findings


def by_code(findings, code: str):
    return [f for f in findings if f.code == code]


def plan(artifacts: str = "", key_links: str = "", files_modified: str = "", body: str = "",
         extra: str = "") -> str:
    """A PLAN document; the YAML snippets are indented under their keys."""
    def block(text: str, indent: int) -> str:
        text = textwrap.dedent(text).strip("\n")
        return textwrap.indent(text, " " * indent) if text else ""

    parts = ["---", 'phase: "01"', 'plan: "01"', "type: execute", "wave: 1"]
    if files_modified:
        parts += ["files_modified:", block(files_modified, 2)]
    if extra:
        parts.append(textwrap.dedent(extra).strip("\n"))
    parts += ["must_haves:", "  truths:", '    - "it works"']
    if artifacts:
        parts += ["  artifacts:", block(artifacts, 4)]
    if key_links:
        parts += ["  key_links:", block(key_links, 4)]
    parts += ["---", "", "# Plan", "", textwrap.dedent(body).strip("\n"), ""]
    return "\n".join(parts)


SUMMARY = "---\nphase: \"01\"\nplan: \"01\"\n---\n\n# Summary\n\nDone.\n"
