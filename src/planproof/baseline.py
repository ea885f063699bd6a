"""A baseline: the findings a repository already had, recorded so only new ones fail a run.

Entries match by rule, file and fingerprint: the SARIF `partialFingerprints` digest (rule, file,
the flagged line's text, the message with line numbers blanked; see report/sarif.py), so an
entry survives lines inserted above its finding. Paths are relative to the baseline file's
folder. A finding that occurs twice is recorded twice; each entry absorbs one finding.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

FORMAT = 1
KEY_FIELDS = ("code", "path", "fingerprint")


class BaselineError(Exception):
    """The baseline file is missing or unreadable (a configuration error: exit 2)."""


def _key(finding, documents: dict, base: str) -> tuple[str, str, str]:
    from planproof.report.sarif import fingerprint, line_text

    path = Path(os.path.relpath(os.path.abspath(finding.path), base)).as_posix()
    return finding.code, path, fingerprint(finding, path, line_text(documents, finding))


def keys(result, baseline_file: str) -> list[tuple[str, str, str]]:
    base = os.path.dirname(os.path.abspath(baseline_file))
    documents = {doc.path: doc for doc in result.documents}
    return [_key(f, documents, base) for f in result.findings]


def write(result, baseline_file: str) -> int:
    """Record every finding of `result` (internal errors excepted); returns how many."""
    entries = [{"code": code, "path": path, "fingerprint": digest, "line": f.line,
                "message": f.message}
               for f, (code, path, digest) in zip(result.findings, keys(result, baseline_file))
               if f.code != "PP000"]
    entries.sort(key=lambda e: (e["path"], e["line"], e["code"], e["fingerprint"]))
    text = json.dumps({"planproof_baseline": FORMAT, "findings": entries}, indent=1,
                      ensure_ascii=False)
    folder = os.path.dirname(os.path.abspath(baseline_file))
    os.makedirs(folder, exist_ok=True)
    temporary = os.path.join(folder, f".{os.path.basename(baseline_file)}.tmp")
    with open(temporary, "w", encoding="utf-8") as stream:
        stream.write(text + "\n")
    os.replace(temporary, baseline_file)
    return len(entries)


def read(baseline_file: str) -> list[dict]:
    try:
        with open(baseline_file, encoding="utf-8") as stream:
            data = json.load(stream)
    except FileNotFoundError:
        raise BaselineError(f"baseline file {baseline_file} does not exist "
                            "(create it with --write-baseline)") from None
    except (OSError, ValueError) as exc:
        raise BaselineError(f"baseline file {baseline_file} cannot be read: {exc}") from None
    entries = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(entries, list) or data.get("planproof_baseline") != FORMAT or not all(
            isinstance(e, dict) and all(isinstance(e.get(k), str) for k in KEY_FIELDS)
            for e in entries):
        raise BaselineError(f"baseline file {baseline_file} is not a planproof baseline "
                            f"(format {FORMAT}); write it again with --write-baseline")
    return entries


@dataclass
class Filtered:
    known: int = 0  # findings the baseline absorbed
    fixed: list[dict] = field(default_factory=list)  # entries of checked files nothing matched


def apply(result, baseline_file: str) -> Filtered:
    """Drop from `result` the findings the baseline records; report entries that no longer
    match a finding of a file this run checked, or whose file is gone (other files' entries
    say nothing: a run over two files cannot tell)."""
    entries = read(baseline_file)
    left = Counter((e["code"], e["path"], e["fingerprint"]) for e in entries)
    outcome = Filtered()
    kept = []
    for finding, key in zip(result.findings, keys(result, baseline_file)):
        if left[key] > 0 and finding.code != "PP000":
            left[key] -= 1
            outcome.known += 1
        else:
            kept.append(finding)
    result.findings = kept
    base = os.path.dirname(os.path.abspath(baseline_file))
    checked = {Path(os.path.relpath(os.path.abspath(d.path), base)).as_posix()
               for d in result.documents}
    for entry in entries:
        key = (entry["code"], entry["path"], entry["fingerprint"])
        gone = not os.path.exists(os.path.join(base, entry["path"]))  # deleted or moved
        if left[key] > 0 and (entry["path"] in checked or gone):
            left[key] -= 1
            outcome.fixed.append(entry)
    return outcome


def summary(outcome: Filtered, baseline_file: str) -> list[str]:
    relative = os.path.relpath(baseline_file)
    baseline_file = baseline_file if relative.startswith("..") else relative
    lines = []
    if outcome.known:
        lines.append(f"{outcome.known} finding{'' if outcome.known == 1 else 's'} recorded in "
                     f"{baseline_file} not shown.")
    for entry in outcome.fixed:
        lines.append(f"fixed: {entry['path']}:{entry.get('line', '?')}: {entry['code']} "
                     f"{entry.get('message', '')}")
    if outcome.fixed:
        count = len(outcome.fixed)
        lines.append(f"{count} baseline entr{'y' if count == 1 else 'ies'} no longer match "
                     f"(fixed): run --write-baseline {baseline_file} to drop them.")
    return lines
