"""SARIF 2.1.0 for GitHub code scanning (and any other SARIF consumer).

Locations are relative to the root (`ReportOptions.root`, else the working directory) under
the `%SRCROOT%` base; files outside the root get absolute `file://` URIs. Every result has a
`partialFingerprints` entry computed from the rule, the file, the text of the flagged line and
the message with line numbers blanked out, so it survives edits elsewhere in the document.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import IO

from planproof.__about__ import __version__
from planproof.report.location import relative_path, root_of

SCHEMA_URI = ("https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/"
              "sarif-schema-2.1.0.json")
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "planproof/v1"
LINE_NUMBERS = re.compile(r"\b(lines?|L)\s*\d+(?:\s*[-–]\s*\d+)?", re.I)


MAX_RESULTS = 25_000  # GitHub code scanning rejects a run with more results


def project_urls() -> dict[str, str]:
    """[project.urls] from the installed package metadata, labels lower-cased."""
    try:
        from importlib.metadata import PackageNotFoundError, metadata

        entries = metadata("planproof").get_all("Project-URL") or []
    except (ImportError, PackageNotFoundError):
        return {}
    pairs = (entry.partition(",") for entry in entries)
    return {label.strip().lower(): url.strip() for label, _, url in pairs}


def information_uri() -> str | None:
    """The project's home page from the installed package metadata, when it declares one."""
    urls = project_urls()
    return next((urls[label] for label in ("homepage", "repository", "source", "documentation")
                 if label in urls), None)


def help_uri(code: str, name: str) -> str | None:
    """The rule's section of docs/rules.md (the Documentation URL names that file)."""
    documentation = project_urls().get("documentation")
    return f"{documentation}#{code.lower()}-{name}" if documentation else None


def rule_descriptor(code: str, name: str) -> dict:
    from planproof.rules import get_rule
    from planproof.rules.docs import rule_markdown

    rule = get_rule(code)
    if rule is None:  # a finding from a rule outside the registry (tests, plugins)
        return {"id": code, "name": name, "shortDescription": {"text": name},
                "fullDescription": {"text": name}, "help": {"text": name}}
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.what},
        "help": {"text": f"{rule.what}\n\nWhy it matters: {rule.why}",
                 "markdown": rule_markdown(rule)},
        "defaultConfiguration": {"level": LEVELS[rule.severity.value]},
        "properties": {"tags": [rule.family + "xx", rule.mode]},
        **({"helpUri": uri} if (uri := help_uri(rule.code, rule.name)) else {}),
    }


def line_text(documents: dict, finding) -> str:
    doc = documents.get(finding.path)
    if doc is None or not 0 < finding.line <= len(doc.lines):
        return ""
    return " ".join(doc.lines[finding.line - 1].split())


def fingerprint(finding, uri: str, line_text: str) -> str:
    message = LINE_NUMBERS.sub(r"\1 #", finding.message)
    material = "\0".join([finding.code, uri, line_text, message])
    return hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _region(finding) -> dict:
    line = max(1, finding.line)
    column = max(1, finding.column)
    region = {"startLine": line, "startColumn": column}
    end_line = max(line, finding.end_line or line)
    end_column = finding.end_column or 0
    if end_line > line or end_column > column:
        region["endLine"] = end_line
        if end_column >= 1:
            region["endColumn"] = end_column
    return region


def build(result, options) -> dict:
    root = root_of(options)
    documents = {doc.path: doc for doc in result.documents}
    rules: list[dict] = []
    rule_index: dict[str, int] = {}
    for finding in sorted(result.findings, key=lambda f: f.code):
        if finding.code not in rule_index:
            rule_index[finding.code] = len(rules)
            rules.append(rule_descriptor(finding.code, finding.name))
    seen: dict[str, int] = {}
    results = []
    findings, cut = capped(result.findings)
    for finding in findings:
        relative = relative_path(finding.path, root)
        if relative is not None:
            artifact = {"uri": relative, "uriBaseId": "%SRCROOT%"}
        else:
            artifact = {"uri": Path(finding.path).resolve().as_uri()}
        digest = fingerprint(finding, artifact["uri"], line_text(documents, finding))
        seen[digest] = seen.get(digest, 0) + 1
        text = finding.message + (f"\nHint: {finding.hint}" if finding.hint else "")
        entry = {
            "ruleId": finding.code,
            "ruleIndex": rule_index[finding.code],
            "level": LEVELS[finding.severity.value],
            "message": {"text": text},
            "locations": [{"physicalLocation": {"artifactLocation": artifact,
                                                "region": _region(finding)}}],
            "partialFingerprints": {FINGERPRINT_KEY: f"{digest}:{seen[digest]}"},
        }
        if finding.evidence:
            entry["properties"] = {"evidence": finding.evidence}
        results.append(entry)
    driver = {"name": "planproof", "version": __version__, "semanticVersion": __version__,
              "rules": rules}
    homepage = information_uri()
    if homepage:
        driver["informationUri"] = homepage
    run = {
        "tool": {"driver": driver},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": Path(root).as_uri().rstrip("/") + "/"}},
        "invocations": [{"executionSuccessful": not any(f.code == "PP000" for f in result.findings),
                         **_cut_note(cut, len(result.findings))}],
        "results": results,
        "columnKind": "unicodeCodePoints",
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def capped(findings: list) -> tuple[list, int]:
    """At most MAX_RESULTS findings, the most severe first kept (in report order); and how
    many were cut."""
    if len(findings) <= MAX_RESULTS:
        return findings, 0
    order = sorted(range(len(findings)), key=lambda i: (-findings[i].severity.rank, i))
    kept = sorted(order[:MAX_RESULTS])
    return [findings[i] for i in kept], len(findings) - MAX_RESULTS


def _cut_note(cut: int, total: int) -> dict:
    if not cut:
        return {}
    text = (f"{cut:,} of {total:,} results were left out: GitHub code scanning accepts at most "
            f"{MAX_RESULTS:,} per run. Errors are kept first, then warnings. Every finding is "
            "in `planproof ... --format json`, or select fewer rules per run (--select).")
    return {"toolExecutionNotifications": [{"level": "warning", "message": {"text": text}}]}


def render(result, options, stream: IO[str]) -> None:
    json.dump(build(result, options), stream, indent=2, ensure_ascii=False, default=str)
    stream.write("\n")
