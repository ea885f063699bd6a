"""JUnit XML: one testcase per document, one <failure> per finding (no finding: a passing case).

CI systems that understand test reports (GitLab, Jenkins, Azure, test-reporter actions) then show
each planning document as a test. Text is escaped by ElementTree; characters XML 1.0 cannot carry
at all (control characters from hostile documents) are replaced by U+FFFD.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import IO

from planproof.report.location import display_path, root_of

NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    return NOT_XML.sub("\ufffd", text)


def build(result, options) -> ET.Element:
    root = root_of(options)
    by_path: dict[str, list] = {doc.path: [] for doc in result.documents}
    for finding in result.findings:
        by_path.setdefault(finding.path, []).append(finding)
    failures = sum(1 for findings in by_path.values() if findings)
    suites = ET.Element("testsuites", name="planproof", tests=str(len(by_path)),
                        failures=str(failures), errors="0")
    suite = ET.SubElement(suites, "testsuite", name="planproof", tests=str(len(by_path)),
                          failures=str(failures), errors="0", skipped="0", time="0")
    for path in sorted(by_path):
        shown = clean(display_path(path, root))
        case = ET.SubElement(suite, "testcase", classname="planproof", name=shown, file=shown,
                             time="0")
        for finding in by_path[path]:
            where = f"{shown}:{finding.line}:{finding.column}"
            body = f"{where}: {finding.code} {finding.message}"
            if finding.hint:
                body += f"\nhint: {finding.hint}"
            failure = ET.SubElement(case, "failure", type=f"{finding.code} {finding.name}",
                                    message=clean(f"{finding.code} [{finding.severity.value}] "
                                                  f"line {finding.line}: {finding.message}"))
            failure.text = clean(body)
    return suites


def render(result, options, stream: IO[str]) -> None:
    tree = build(result, options)
    ET.indent(tree)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(tree, encoding="unicode"))
    stream.write("\n")
