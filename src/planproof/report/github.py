"""GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` annotation per finding.

Escaping follows GitHub's toolkit (@actions/core `issueCommand`): in the message `%`, CR and LF;
in property values also `:` and `,`. GitHub shows at most 10 annotations of each level per step,
so every finding is printed and a closing line says how many of each level were not shown.
"""

from __future__ import annotations

import re
from typing import IO

from planproof.report.location import display_path, root_of

# Control characters from a document (ESC sequences, NUL) are shown escaped; CR and LF are kept
# and escaped as GitHub does (%0D, %0A), so a message cannot start a new workflow command.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _safe(text: str) -> str:
    return CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
SHOWN_PER_LEVEL = 10


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding, path: str) -> str:
    properties = [("file", path), ("line", finding.line)]
    if finding.end_line and finding.end_line > finding.line:
        # GitHub takes col/endColumn only for an annotation on one line
        properties.append(("endLine", finding.end_line))
    else:
        properties.append(("col", finding.column))
        if finding.end_line == finding.line and finding.end_column > finding.column:
            properties += [("endLine", finding.end_line), ("endColumn", finding.end_column)]
    properties.append(("title", f"{finding.code} {finding.name}"))
    written = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties)
    message = _safe(finding.message) + (f"\nhint: {_safe(finding.hint)}" if finding.hint else "")
    return f"::{COMMANDS[finding.severity.value]} {written}::{escape_data(message)}"


def render(result, options, stream: IO[str]) -> None:
    from planproof.report import visible

    root = root_of(options)
    shown = visible(result.findings, options)
    counts = {"error": 0, "warning": 0, "info": 0}
    for finding in sorted(shown, key=lambda f: (-f.severity.rank, f.sort_key())):
        counts[finding.severity.value] += 1
        stream.write(annotation(finding, _safe(display_path(finding.path, root))) + "\n")
    hidden = {level: count - SHOWN_PER_LEVEL for level, count in counts.items()
              if count > SHOWN_PER_LEVEL}
    if hidden:
        words = {"error": "error", "warning": "warning", "info": "notice"}
        parts = [f"{count} {words[level]}{'' if count == 1 else 's'}"
                 for level, count in hidden.items()]
        stream.write(f"planproof: {', '.join(parts)} not shown as annotations (GitHub shows at "
                     f"most {SHOWN_PER_LEVEL} per level per step); every finding is listed above "
                     f"in this log.\n")
    if not options.quiet:
        from planproof.report.text import summary_line

        stream.write(summary_line(result, shown) + "\n")
