"""Apply the fixes findings carry: `--fix` writes them, `--diff` prints them.

A fix's edits are positions in the decoded text (what rules see); here they become byte ranges of
the file as it is on disk, so only the replaced bytes change: a BOM, CRLF line endings, comments
and key order around them stay as they were. A file is written atomically (a temporary file in
the same folder, then os.replace) and only when its bytes are still those the fixes were
computed from.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from planproof.findings import Finding, Fix, Severity

MAX_PASSES = 10  # a fix can reveal the next problem (YAML stops at its first error)
LINE_BREAK = re.compile(rb"\r\n|\r|\n")


def _longest(code: str, prefixes: list[str]) -> int:
    return max((len(p) for p in prefixes if code.startswith(p.upper())), default=0)


def applicable(finding: Finding, settings, unsafe: bool) -> bool:
    """Whether `finding`'s fix is applied: unsafe ones only with --unsafe-fixes; fixes of info
    findings (advice) only when the team opted into the rule by selecting it by a code or a
    prefix narrower than `PP`, or by raising its severity."""
    fix = finding.fix
    if fix is None or (not fix.safe and not unsafe):
        return False
    if finding.severity is Severity.INFO:
        return _longest(finding.code, [*settings.select, *settings.extend_select]) > 2
    return True


def fixable(findings: list[Finding], settings) -> tuple[int, int]:
    """(findings --fix would fix, further ones only --unsafe-fixes would)."""
    safe = sum(1 for f in findings if applicable(f, settings, False))
    return safe, sum(1 for f in findings if applicable(f, settings, True)) - safe


class Unfixable(Exception):
    """The file cannot be fixed as it is (changed since it was read, not UTF-8)."""


def _line_offsets(data: bytes) -> list[int]:
    """Byte offset of the start of every line (the decoder's idea of lines: CRLF, CR, LF)."""
    return [0] + [match.end() for match in LINE_BREAK.finditer(data)]


def _offset(data: bytes, starts: list[int], line: int, column: int) -> int:
    if not 0 < line <= len(starts):
        raise Unfixable(f"an edit points at line {line}, past the end of the file")
    start = starts[line - 1]
    end = starts[line] if line < len(starts) else len(data)
    text = LINE_BREAK.sub(b"", data[start:end]).decode("utf-8")
    if column - 1 > len(text):
        raise Unfixable(f"an edit points past the end of line {line}")
    return start + len(text[:column - 1].encode("utf-8"))


def _newline(data: bytes) -> bytes:
    crlf = data.count(b"\r\n")
    return b"\r\n" if crlf and crlf >= data.count(b"\n") - crlf else b"\n"


def apply_edits(data: bytes, fixes: list[Fix]) -> tuple[bytes, list[Fix]]:
    """`data` with the fixes applied (a fix that overlaps an earlier one waits for the next
    pass); returns the new bytes and the fixes applied."""
    bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
    body = data[len(bom):]
    starts = _line_offsets(body)
    newline = _newline(body)
    ranges: list[tuple[int, int, bytes]] = []
    applied = []
    for fix in fixes:
        edits = [(_offset(body, starts, e.line, e.column), _offset(body, starts, e.end_line,
                  e.end_column), e.content.replace("\n", newline.decode()).encode("utf-8"))
                 for e in fix.edits]
        if any(a < end and start < b for a, b, _ in edits for start, end, _ in ranges):
            continue
        ranges.extend(edits)
        applied.append(fix)
    for start, end, content in sorted(ranges, reverse=True):
        body = body[:start] + content + body[end:]
    return bom + body, applied


def read_unchanged(doc) -> bytes:
    """The file's bytes, provided they still decode to the text the findings were made from."""
    from planproof.decoding import decode

    with open(doc.abspath, "rb") as stream:
        data = stream.read()
    decoded = decode(data, size_limit=len(data) + 1)
    if any(code == "PP101" for code, _ in decoded.problems):
        raise Unfixable("not valid UTF-8; not fixed")
    if decoded.text != doc.text:
        raise Unfixable("changed since it was read; not fixed")
    return data


def write_atomically(path: str, original: bytes, new: bytes) -> None:
    """Replace the file's contents by `new` unless it no longer holds `original`. A symlink's
    target is written (the link stays a link); a file without write permission is not."""
    import tempfile

    path = os.path.realpath(path)
    if not os.access(path, os.W_OK):
        raise Unfixable("not writable; not fixed")
    folder = os.path.dirname(path)
    mode = os.stat(path).st_mode & 0o7777
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".planproof-fix-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(new)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        with open(path, "rb") as stream:
            if stream.read() != original:
                raise Unfixable("changed while it was being fixed; not fixed")
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


@dataclass
class FileFix:
    path: str
    original: bytes
    fixed: bytes
    findings: list[Finding]
    later: int = 0  # findings fixed by further passes (--diff counts them in memory)


@dataclass
class Outcome:
    """What a --fix or --diff run did."""

    files: list[FileFix] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)  # path -> why it was not fixed

    @property
    def fixed(self) -> int:
        return sum(len(f.findings) + f.later for f in self.files)


def _key(finding: Finding) -> tuple:
    return finding.path, finding.code, finding.message


def plan_fixes(result, settings, unsafe: bool, outcome: Outcome,
               done: frozenset = frozenset()) -> list[FileFix]:
    """One pass: the new contents of every file that has applicable fixes (a finding whose fix
    was applied before and that came back is not fixed again: that fix does not converge)."""
    by_path: dict[str, list[Finding]] = {}
    for finding in result.findings:
        if applicable(finding, settings, unsafe) and _key(finding) not in done:
            by_path.setdefault(finding.path, []).append(finding)
    documents = {doc.path: doc for doc in result.documents}
    planned = []
    for path, findings in by_path.items():
        doc = documents.get(path)
        if doc is None or path in outcome.refused:
            continue
        try:
            original = read_unchanged(doc)
            fixed, applied = apply_edits(original, [f.fix for f in findings])
        except (Unfixable, OSError, UnicodeDecodeError) as exc:
            outcome.refused[path] = str(exc)
            continue
        if fixed != original:
            done = [f for f in findings if any(f.fix is fix for fix in applied)]
            planned.append(FileFix(path, original, fixed, done))
    return planned


def fix_run(run, settings, unsafe: bool):
    """`--fix`: fix, lint again, repeat while fixes apply; returns (final result, outcome)."""
    outcome = Outcome()
    originals: dict[str, FileFix] = {}
    result = run()
    done: set[tuple] = set()
    for _ in range(MAX_PASSES):
        planned = plan_fixes(result, settings, unsafe, outcome, frozenset(done))
        if not planned:
            break
        for change in planned:
            try:
                write_atomically(change.path, change.original, change.fixed)
            except (Unfixable, OSError) as exc:
                outcome.refused[change.path] = (str(exc) if isinstance(exc, Unfixable) else
                                                f"cannot be written ({exc.strerror or exc}); "
                                                "not fixed")
                continue
            first = originals.setdefault(change.path, FileFix(change.path, change.original,
                                                              change.fixed, []))
            first.fixed = change.fixed
            first.findings.extend(change.findings)
            done.update(_key(f) for f in change.findings)
        result = run()
    outcome.files = list(originals.values())
    return result, outcome


def diff_text(change: FileFix) -> str:
    """A unified diff of one file's fix (decoded for display; `\\r` shown as the file has it)."""
    import difflib

    before = change.original.decode("utf-8", "replace").splitlines(keepends=True)
    after = change.fixed.decode("utf-8", "replace").splitlines(keepends=True)
    lines = difflib.unified_diff(before, after, f"a/{change.path}", f"b/{change.path}")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                   for line in lines)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(outcome: Outcome, remaining: list[Finding], settings, would: bool,
            unsafe: bool) -> list[str]:
    """Closing lines: what was (or would be) fixed, what was refused, what only
    --unsafe-fixes would fix."""
    lines = []
    if outcome.fixed:
        lines.append(f"{'Would fix' if would else 'Fixed'} {_plural(outcome.fixed, 'finding')} "
                     f"in {_plural(len(outcome.files), 'file')}.")
    elif would:
        lines.append("Nothing to fix.")
    lines += [f"planproof: {path}: {why}" for path, why in sorted(outcome.refused.items())]
    hidden = 0 if unsafe else fixable(remaining, settings)[1]
    if hidden:
        lines.append(f"{hidden} more {'fix' if hidden == 1 else 'fixes'} available with "
                     "--unsafe-fixes.")
    return lines


def note(findings: list[Finding], settings) -> str | None:
    """For a run without --fix: how many findings a fix would remove."""
    safe, unsafe = fixable(findings, settings)
    if not safe and not unsafe:
        return None
    parts = [f"{safe} fixable with --fix"] if safe else []
    if unsafe:
        parts.append(f"{unsafe} more with --unsafe-fixes" if safe
                     else f"{unsafe} fixable with --fix --unsafe-fixes")
    return "[*] " + ", ".join(parts) + " (--diff shows the changes)."


def fix_in_memory(data: bytes, check, settings, unsafe: bool):
    """`data` with every applicable fix applied, checked again (`check(data) -> Result`) after
    each pass; returns (the fixed bytes, what remains, how many findings were fixed). Nothing
    on disk is touched."""
    fixed = 0
    result = check(data)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:  # as on disk: a document that is not UTF-8 is not fixed
        return data, result, 0
    for _ in range(MAX_PASSES):
        fixes = [f.fix for f in result.findings if applicable(f, settings, unsafe)]
        if not fixes:
            break
        try:
            data, applied = apply_edits(data, fixes)
        except Unfixable:
            break
        fixed += len(applied)
        result = check(data)
    return data, result, fixed


def diff_run(run, recheck, settings, unsafe: bool):
    """`--diff`: nothing written; returns (result, outcome, the diff text). The first pass is
    the run's own; the passes a fix can make necessary (a frontmatter that parses at last shows
    a truth to quote) are made in memory, each document checked on its own by
    `recheck(path, data) -> Result`."""
    outcome = Outcome()
    result = run()
    outcome.files = plan_fixes(result, settings, unsafe, outcome)
    for change in outcome.files:
        change.fixed, _, change.later = fix_in_memory(
            change.fixed, lambda data, path=change.path: recheck(path, data), settings, unsafe)
    return result, outcome, "".join(diff_text(change) for change in outcome.files)
