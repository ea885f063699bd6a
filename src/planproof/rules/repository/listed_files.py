"""Judging the files a document lists: an executed plan's `files_modified` (PP520), `@path`
context references (PP521) and a SUMMARY's `key-files` (PP522) exist."""

from __future__ import annotations

import os
import re

from planproof import lazyre
from planproof.evidence.paths import HOME_PREFIX
from planproof.fences import prose_lines
from planproof.findings import Severity, Span
from planproof.rules.repository.locating import ignored_note, resolve_or_refuse
from planproof.rules.repository.pathtext import is_pathlike, split_entry
from planproof.rules.repository.verdicts import Verdicts

DELETION = lazyre.compile(r"\b(?:delet|remov|drop|rm\b|renam|mov(?:e|ed|ing) to)", re.I)
UNTRACKED = lazyre.compile(r"git-?ignored|not (?:committed|tracked|in git)|untracked", re.I)
DEFINITION = lazyre.compile(r"(?:async\s+)?def\b|class\b|function\b|export\b|public\b|private\b|"
                            r"protected\b|static\b|(?:const|let|var)\s")
KEY_FILE_BLOCKS = ("key-files", "key_files")


def judge_files_modified(v: Verdicts) -> None:
    files = v.doc.meta.get("files_modified")
    if not v.executed or not isinstance(files, list):
        return
    for index, entry in enumerate(files):
        if not isinstance(entry, str) or not is_pathlike(entry):
            continue
        span = v.span(f"files_modified[{index}]")
        resolved = resolve_or_refuse(v, entry, span, "files_modified entry")
        if resolved is None or resolved.exists:
            continue
        name = os.path.basename(entry.strip().rstrip("/"))
        local = ignored_note(v, resolved)
        said = any(name in line and DELETION.search(line) for line in v.doc.lines)
        note = local or (" (the plan mentions deleting or moving it)" if said else "")
        v.report("PP520", f"files_modified lists {entry}, which does not exist although the plan "
                 "was executed" + note, span,
                 "correct the path, or say in the SUMMARY where the file went",
                 {**resolved.evidence(), "expected": "an existing file",
                  "summary": os.path.basename(v.ev.summary_of(v.doc))}, Severity.INFO if note else None)


def judge_context_refs(v: Verdicts) -> None:
    prose = {number for number, _ in prose_lines(v.doc)}
    for ref in v.doc.references:
        target = ref.target.strip().rstrip(".,;:)`'\"")
        if not is_pathlike(target) or any(c in target for c in "(*?[{<"):
            continue  # code (`@decorator(...)`) or a glob: not one file
        if ref.line not in prose or _decorates(v.doc.lines, ref.line, target):
            continue  # `@pytest.fixture` in a code sample: a decorator, not a file
        if target.startswith("./"):
            target = target[2:]  # GSD reads `@` paths from the project root, `./` included
        if target.startswith("/") and not HOME_PREFIX.match(target):
            continue  # `@/lib/...`: an import alias, not a file
        span = Span(ref.line, ref.column, ref.line, ref.column + len(ref.target) + 1)
        resolved = resolve_or_refuse(v, target, span, f"@{ref.element} reference")
        if resolved is None or resolved.exists:
            continue
        v.report("PP521", f"@{target} in <{ref.element}> does not exist", span,
                 "correct the reference; the executor reads these files first",
                 {**resolved.evidence(), "expected": "an existing file"})


def judge_key_files(v: Verdicts) -> None:
    for key in KEY_FILE_BLOCKS:
        block = v.doc.meta.get(key)
        if not isinstance(block, dict):
            continue
        for group in ("created", "modified"):
            entries = block.get(group)
            if not isinstance(entries, list):
                continue
            for index, entry in enumerate(entries):
                if isinstance(entry, str):
                    _judge_key_file(v, entry, f"{key}.{group}", index)


def _judge_key_file(v: Verdicts, entry: str, where: str, index: int) -> None:
    written = split_entry(entry)
    if not is_pathlike(written):
        return
    span = v.span(f"{where}[{index}]")
    resolved = resolve_or_refuse(v, written, span, f"{where} entry")
    if resolved is None or resolved.exists:
        return
    untracked = UNTRACKED.search(entry) is not None  # never committed, by design
    note = " (the entry says it is not committed)" if untracked else ignored_note(v, resolved)
    v.report("PP522", f"{where} lists {written}, which does not exist" + note, span,
             "correct the path, or record where the file went",
             {**resolved.evidence(), "expected": "an existing file"},
             Severity.INFO if note else None)


def _decorates(lines: list[str], number: int, target: str) -> bool:
    """`@name.attr` above a definition (other decorators between): code, not a reference."""
    if "/" in target:
        return False
    for line in lines[number:number + 6]:
        stripped = line.strip()
        if stripped and not stripped.startswith("@"):
            return DEFINITION.match(stripped) is not None
    return False
