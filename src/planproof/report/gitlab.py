"""GitLab Code Quality: a JSON array of issues, shown in merge request widgets and diffs.

Each issue has `description`, `check_name`, `fingerprint` (unique in the report: the SARIF
fingerprint with the finding's occurrence number), `severity` (info, minor, major, critical,
blocker) and `location.path` relative to the repository root with `location.lines.begin`.
"""

from __future__ import annotations

import hashlib
import json
from typing import IO

from planproof.report.location import display_path, root_of
from planproof.report.sarif import fingerprint, line_text

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def issues(result, options) -> list[dict]:
    root = root_of(options)
    documents = {doc.path: doc for doc in result.documents}
    seen: dict[str, int] = {}
    out = []
    for finding in result.findings:
        path = display_path(finding.path, root)
        digest = fingerprint(finding, path, line_text(documents, finding))
        seen[digest] = seen.get(digest, 0) + 1
        unique = hashlib.sha256(f"{digest}:{seen[digest]}".encode()).hexdigest()[:32]
        description = finding.message + (f" (hint: {finding.hint})" if finding.hint else "")
        out.append({
            "type": "issue",
            "description": f"{finding.code} {description}",
            "check_name": f"{finding.code} {finding.name}",
            "categories": ["Bug Risk" if finding.severity.value == "error" else "Style"],
            "fingerprint": unique,
            "severity": SEVERITIES[finding.severity.value],
            "location": {"path": path, "lines": {"begin": max(1, finding.line),
                                                 "end": max(1, finding.line,
                                                            finding.end_line or 0)}},
        })
    return out


def render(result, options, stream: IO[str]) -> None:
    json.dump(issues(result, options), stream, indent=2, ensure_ascii=False)
    stream.write("\n")
