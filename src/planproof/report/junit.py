"""JUnit XML: one testcase per document, one <failure> per finding at a failing severity
(errors; warnings too with --strict), so the report agrees with the exit code. Findings below it
are listed in the testcase's <system-out>; a document with none of them is a passing case. The
output validates against the common JUnit schema (Jenkins xunit's junit-10.xsd; tests/fixtures/junit.xsd
is the same grammar): it has no `file` attribute on <testcase>, so the path is the case's name.

CI systems that understand test reports (GitLab, Jenkins, Azure, test-reporter actions) then show
each planning document as a test. Text is escaped by ElementTree; characters XML 1.0 cannot carry
at all (control characters from hostile documents) are replaced by U+FFFD.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import IO

from planproof.report import failing
from planproof.report.location import display_path, root_of

NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    return NOT_XML.sub("\ufffd", text)


def build(result, options) -> ET.Element:
    root = root_of(options)
    by_path: dict[str, list] = {doc.path: [] for doc in result.documents}
    for finding in result.findings:
        by_path.setdefault(finding.path, []).append(finding)
    failures = sum(1 for findings in by_path.values()
                   if any(failing(f, options) for f in findings))
    suites = ET.Element("testsuites", name="planproof", tests=str(len(by_path)),
                        failures=str(failures), errors="0")
    suite = ET.SubElement(suites, "testsuite", name="planproof", tests=str(len(by_path)),
                          failures=str(failures), errors="0", skipped="0", time="0")
    for path in sorted(by_path):
        shown = clean(display_path(path, root))
        case = ET.SubElement(suite, "testcase", classname="planproof", name=shown, time="0")
        notes = []
        for finding in by_path[path]:
            body = _body(shown, finding)
            if not failing(finding, options):
                notes.append(f"[{finding.severity.value}] {body}")
                continue
            failure = ET.SubElement(case, "failure", type=f"{finding.code} {finding.name}",
                                    message=clean(f"{finding.code} [{finding.severity.value}] "
                                                  f"line {finding.line}: {finding.message}"))
            failure.text = clean(body)
        if notes:
            ET.SubElement(case, "system-out").text = clean("\n".join(notes))
    return suites


def _body(shown: str, finding) -> str:
    body = f"{shown}:{finding.line}:{finding.column}: {finding.code} {finding.message}"
    return body + (f"\nhint: {finding.hint}" if finding.hint else "")


def render(result, options, stream: IO[str]) -> None:
    tree = build(result, options)
    ET.indent(tree)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(tree, encoding="unicode"))
    stream.write("\n")
