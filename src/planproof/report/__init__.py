"""Reporters: everything planproof prints is rendered under report/.

Each command's formats are a registry: format name -> "module:function", the function imported
only when that format is used; a command's `--format` choices are its registry's keys.

- REPORTER_BY_NAME (lint, verify): one module per format, `render(result, options, stream)`;
- CLAIMS_REPORTER_BY_NAME (`claims`, report/claims.py): `render_*(files, stream)`;
- SIGNOFF_REPORTER_BY_NAME (`signoff`, report/signoff.py): `render_*(signoff, stream, allow_human)`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import IO

REPORTER_BY_NAME = {
    "text": "planproof.report.text:render",
    "json": "planproof.report.json_format:render",
    "sarif": "planproof.report.sarif:render",
    "github": "planproof.report.github:render",
    "junit": "planproof.report.junit:render",
    "gitlab": "planproof.report.gitlab:render",
}
CLAIMS_REPORTER_BY_NAME = {
    "text": "planproof.report.claims:render_text",
    "json": "planproof.report.claims:render_json",
}
SIGNOFF_REPORTER_BY_NAME = {
    "text": "planproof.report.signoff:render_text",
    "json": "planproof.report.signoff:render_json",
}


def reporter(registry: dict[str, str], name: str):
    """The function `registry` names for format `name`, imported now."""
    module, _, function = registry[name].partition(":")
    return getattr(importlib.import_module(module), function)


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
    reporter(REPORTER_BY_NAME, fmt)(result, options, stream)
