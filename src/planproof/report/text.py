"""`path:line:col: CODE message`, one line per finding, then a summary (ruff/yamllint style)."""

from __future__ import annotations

from collections import Counter
from typing import IO

from planproof import lazyre

COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
BOLD, DIM, RESET = "\033[1m", "\033[2m", "\033[0m"


# Control characters from a document (ESC sequences, CR, LF, NUL) would reach the terminal or the
# CI log raw: they could repaint the screen or forge a finding line. They are shown escaped.
CONTROL = lazyre.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def _safe(text: str) -> str:
    return CONTROL.sub(lambda m: repr(m.group())[1:-1], text) if CONTROL.search(text) else text


def printable(value) -> str:
    """Any value from a document or a file name, as text that cannot drive a terminal."""
    return _safe(str(value))


def _paint(text: str, code: str, enabled: bool) -> str:
    return f"{code}{text}{RESET}" if enabled else text


def format_finding(finding, color: bool = False) -> str:
    where = _paint(f"{_safe(finding.path)}:{finding.line}:{finding.column}:", BOLD, color)
    code = _paint(finding.code, COLORS[finding.severity.value], color)
    line = f"{where} {code} {_safe(finding.message)}"
    if finding.severity.value != "error":
        line += f" [{finding.severity.value}]"
    if finding.hint:
        line += "\n  " + _paint(f"hint: {_safe(finding.hint)}", DIM, color)
    return line


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(result, shown: list | None = None) -> str:
    """The closing line over the `shown` findings (default: all); hidden info is counted."""
    shown = result.findings if shown is None else shown
    counts = Counter(f.severity.value for f in shown)
    hidden = len(result.findings) - len(shown)
    files = _plural(result.files, "file")
    note = (f"; {hidden} info finding{'' if hidden == 1 else 's'} hidden (--show-info shows "
            "them)" if hidden else "")
    if not shown:
        return f"All checks passed ({files} checked){note}."
    parts = [_plural(counts["error"], "error"), _plural(counts["warning"], "warning")]
    if counts["info"] or not hidden:
        parts.append(f"{counts['info']} info")
    return f"Found {_plural(len(shown), 'finding')} ({', '.join(parts)}) in {files}{note}."


def render(result, options, stream: IO[str]) -> None:
    from planproof.report import visible

    shown = visible(result.findings, options)
    for finding in shown:
        stream.write(format_finding(finding, options.color) + "\n")
    if options.statistics and shown:
        by_code = Counter((f.code, f.name) for f in shown)
        stream.write("\n")
        for (code, name), count in sorted(by_code.items(), key=lambda kv: (-kv[1], kv[0])):
            stream.write(f"{count:>6}  {code}  {name}\n")
    if not options.quiet:
        stream.write(summary_line(result, shown) + "\n")
