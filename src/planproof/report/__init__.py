"""Reporters: everything planproof prints is rendered under report/.

Run reports (lint, verify): one module per output format, each with
`render(result, options, stream)`, registered in REPORTER_BY_NAME (the `--format` choices are its
keys). The `claims` and `signoff` commands have their own reports (report/claims.py,
report/signoff.py), each with a REPORTER_BY_NAME of its formats.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import IO

REPORTER_BY_NAME = {  # format name -> reporter module, imported when used
    "text": "planproof.report.text",
    "json": "planproof.report.json_format",
    "sarif": "planproof.report.sarif",
    "github": "planproof.report.github",
    "junit": "planproof.report.junit",
    "gitlab": "planproof.report.gitlab",
}


@dataclass
class ReportOptions:
    color: bool = False
    quiet: bool = False
    statistics: bool = False
    root: str | None = None  # for formats that want repository-relative URIs
    show_info: bool = True  # the command line passes False unless --show-info
    info_codes: frozenset[str] = frozenset()  # codes selected explicitly: their info is shown
    strict: bool = False  # warnings fail the run too (JUnit failures follow the exit code)


def visible(findings, options: ReportOptions) -> list:
    """The findings a person-facing format prints: errors and warnings, and info findings only
    with --show-info or for rules the user selected by name (the convention of ruff and eslint).
    Machine formats (JSON, SARIF) keep every finding with its severity."""
    if options.show_info:
        return list(findings)
    return [f for f in findings if f.severity.value != "info" or f.code in options.info_codes]


def failing(finding, options: ReportOptions) -> bool:
    """Whether `finding` is at a severity that fails the run (errors; warnings with --strict)."""
    return finding.severity.value == "error" or (options.strict and
                                                 finding.severity.value == "warning")


def render(fmt: str, result, options: ReportOptions, stream: IO[str]) -> None:
    importlib.import_module(REPORTER_BY_NAME[fmt]).render(result, options, stream)
