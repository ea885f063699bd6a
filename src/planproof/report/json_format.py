"""The JSON contract (documented in README.md): version, files, documents, findings, summary.

Findings are written one at a time so that very large runs stream instead of building one string.
"""

from __future__ import annotations

import json
from typing import IO

from planproof.__about__ import __version__


def _default(value):
    return str(value)


def render(result, options, stream: IO[str]) -> None:
    dump = lambda value: json.dumps(value, ensure_ascii=False, default=_default)  # noqa: E731
    documents = [{"path": d.path, "kind": d.kind} for d in result.documents]
    stream.write('{"version": %s, "files": %d, "documents": %s, "findings": ['
                 % (dump(__version__), result.files, dump(documents)))
    for index, finding in enumerate(result.findings):
        stream.write(("," if index else "") + "\n  " + dump(finding.to_dict()))
    stream.write("\n], \"summary\": %s" % dump(result.counts()))
    manual = [{"path": f.path, **check} for f in result.findings if f.code == "PP550"
              for check in f.evidence.get("manual_checks", ())]
    if manual:  # verify: <verify> commands and human checks that planproof lists, never runs
        stream.write(", \"manual_checks\": %s" % dump(manual))
    stream.write("}\n")
