"""Reporters: one module per output format, each with `render(result, options, stream)`."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import IO

FORMATS = {
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


def render(fmt: str, result, options: ReportOptions, stream: IO[str]) -> None:
    importlib.import_module(FORMATS[fmt]).render(result, options, stream)
