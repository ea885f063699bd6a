"""PP740-PP742: the health of a planning tree, as GSD's `validate health` sees it (lint).

PROJECT.md sections, `.planning/config.json` against `schemas/config.schema.json`, and MILESTONES.md
against the `milestones/` archive (UAT items and VALIDATION.md structure: PP743-PP744 in audits.py).
`config.json` is the only file read that is not a planning document: a `config.json` document of
the run is used when there is one (rule examples), else the file next to the tree's ROADMAP when
the run read that folder completely.
"""

from __future__ import annotations

import json
import os
import re

from planproof import lazyre
from planproof.document import Document
from planproof.findings import Severity, Span, Violation
from planproof.rules import rule
from planproof.fences import prose_lines
from planproof.planning.config import CONFIG_NAME
from planproof.planning.forest import forest
from planproof.planning.ids import MILESTONE
from planproof.planning.scope import read_completely

PROJECT_SECTIONS = ("What This Is", "Core Value", "Requirements")
HEADING = lazyre.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def _headings(doc) -> list[tuple[int, int, str]]:
    return [(n, len(m.group(1)), m.group(2)) for n, line in prose_lines(doc)
            if (m := HEADING.match(line))]


# -- PP740 PROJECT.md ----------------------------------------------------------------------------

@rule("PP740", "project-section-missing", "warning",
      summary="PROJECT.md lacks a section GSD requires (What This Is, Core Value, Requirements).",
      what="""
        `gsd-tools validate health` requires three sections in PROJECT.md: `## What This Is`,
        `## Core Value` and `## Requirements`. Any heading level counts, case is ignored, and a
        heading that starts with the name (`## Requirements (v2)`) is accepted.
      """,
      why="""
        Every GSD workflow reads PROJECT.md for what the project is and what it must do; a
        missing section leaves planning agents without that context.
      """,
      bad="""
        # Geo API

        ## What This Is

        A geocoding service.
      """,
      at=(1, 1),
      good="""
        # Geo API

        ## What This Is

        A geocoding service.

        ## Core Value

        One reliable answer per address.

        ## Requirements

        - [x] Geocoding
      """,
      example_path=".planning/PROJECT.md")
def project_section_missing(doc, ctx):
    if doc.kind != "PROJECT" or doc.skipped:
        return
    titles = [title.lower() for _, level, title in _headings(doc) if level >= 2]
    for section in PROJECT_SECTIONS:
        if not any(t.startswith(section.lower()) for t in titles):
            yield Violation(f"PROJECT.md has no '## {section}' section", Span.of_line(doc, doc.body_start_line),
                            f"add '## {section}' (GSD's validate health requires it)",
                            {"required": list(PROJECT_SECTIONS), "headings": titles[:40]})


# -- PP741 config.json -----------------------------------------------------------------------------

def _config_doc(tree, docs, ctx) -> Document | None:
    for doc in tree.docs:
        if os.path.basename(doc.path) == CONFIG_NAME and os.path.dirname(doc.abspath) == tree.root:
            return doc
    path = os.path.join(tree.root, CONFIG_NAME)
    if tree.roadmap is None or not read_completely(ctx.scanned, tree.root):
        return None
    data = ctx.read_planning_file(path, tree.root)
    if data is None:
        return None
    shown = os.path.join(tree.display_root, CONFIG_NAME)
    return Document.from_text(data.decode("utf-8", errors="replace"), shown)


def _key_line(doc, key_path: str) -> int:
    last = key_path.rsplit(".", 1)[-1]
    for number, line in enumerate(doc.lines, 1):
        if f'"{last}"' in line:
            return number
    return 1


@rule("PP741", "config-invalid", "warning", scope="tree",
      summary="`.planning/config.json` is not valid JSON, or breaks the published config schema.",
      what="""
        The tree's `config.json` (next to its ROADMAP) must parse as JSON (an error otherwise)
        and match `schemas/config.schema.json`: `mode` yolo|interactive, `granularity`
        coarse|standard|fine, `depth` quick|standard|comprehensive, `model_profile`
        quality|balanced|budget|inherit, booleans for `commit_docs`, `parallelization` and the
        `workflow` switches, `git.branching_strategy` none|phase|milestone. Unknown keys are
        allowed. Each violation names the key and is placed on its line.
      """,
      why="""
        GSD's tools read these values on every command; a typo (`"model_profile": "fast"`)
        silently falls back to defaults, a JSON syntax error breaks every workflow.
      """,
      bad="""
        <!-- file: .planning/ROADMAP.md -->
        # Roadmap
        <!-- file: .planning/config.json -->
        {
          "mode": "yolo",
          "model_profile": "fast",
          "workflow": {"research": "yes"}
        }
      """,
      at=(3, 1),
      good="""
        <!-- file: .planning/ROADMAP.md -->
        # Roadmap
        <!-- file: .planning/config.json -->
        {
          "mode": "yolo",
          "model_profile": "balanced",
          "workflow": {"research": true}
        }
      """,
      example_path=".planning/config.json")
def config_invalid(docs, ctx):
    for tree in forest(docs, ctx):
        doc = _config_doc(tree, docs, ctx)
        if doc is None:
            continue
        try:
            data = json.loads(doc.text)
        except json.JSONDecodeError as exc:
            yield doc, Violation(f"config.json is not valid JSON: {exc.msg}", Span(exc.lineno, exc.colno),
                                 "fix the syntax (GSD's tools cannot read the file)",
                                 {"path": doc.path, "error": str(exc)}, Severity.ERROR)
            continue
        from planproof.planning.config_schema import problems  # pydantic: only when a config exists

        for key, message in problems(data):
            yield doc, Violation(f"config.json: {key or 'the file'}: {message}", Span.of_line(doc, _key_line(doc, key)),
                                 "use a value the schema allows (schemas/config.schema.json)",
                                 {"path": doc.path, "key": key, "schema": "config.schema.json"})


# -- PP742 MILESTONES.md vs milestones/ ---------------------------------------------------------

MILESTONE_HEADING = lazyre.compile(rf"^#{{2,3}}\s+({MILESTONE})\b(.*)$", re.I)
ARCHIVE_NAME = lazyre.compile(rf"^({MILESTONE})-", re.I)


def _archived_versions(tree) -> dict[str, str]:
    folder = os.path.join(tree.root, "milestones") + os.sep
    found: dict[str, str] = {}
    for doc in tree.docs:
        if doc.abspath.startswith(folder):
            first = doc.abspath[len(folder):].split(os.sep)[0]
            match = ARCHIVE_NAME.match(first)
            if match:
                found.setdefault(match.group(1).lower(), first)
    return found


@rule("PP742", "milestones-archive-mismatch", "warning", scope="tree",
      summary="MILESTONES.md and the `milestones/` archive disagree about which milestones shipped.",
      what="""
        Each `## vX.Y Name (Shipped: date)` entry of MILESTONES.md should have its archive
        (`milestones/vX.Y-ROADMAP.md`, `vX.Y-phases/`, ...), and each archived version should be
        listed in MILESTONES.md. Checked only when the `milestones/` folder was read completely
        and holds at least one archive.
      """,
      why="""
        `gsd-tools validate health` compares them: MILESTONES.md is the project's shipping
        history, the archive is its evidence; either one missing a version misleads audits.
      """,
      bad="""
        <!-- file: .planning/MILESTONES.md -->
        # Milestones

        ## v1.0 MVP (Shipped: 2026-03-19)
        <!-- file: .planning/ROADMAP.md -->
        # Roadmap
        <!-- file: .planning/milestones/v1.0-ROADMAP.md -->
        # v1.0 Roadmap
        <!-- file: .planning/milestones/v1.1-ROADMAP.md -->
        # v1.1 Roadmap
      """,
      at=(1, 1),
      good="""
        <!-- file: .planning/MILESTONES.md -->
        # Milestones

        ## v1.1 Local data (Shipped: 2026-03-29)

        ## v1.0 MVP (Shipped: 2026-03-19)
        <!-- file: .planning/ROADMAP.md -->
        # Roadmap
        <!-- file: .planning/milestones/v1.0-ROADMAP.md -->
        # v1.0 Roadmap
        <!-- file: .planning/milestones/v1.1-ROADMAP.md -->
        # v1.1 Roadmap
      """,
      example_path=".planning/MILESTONES.md")
def milestones_archive_mismatch(docs, ctx):
    for tree in forest(docs, ctx):
        milestones = next((d for d in tree.docs if os.path.basename(d.path).upper() == "MILESTONES.MD"
                           and os.path.dirname(d.abspath) == tree.root), None)
        archived = _archived_versions(tree)
        if milestones is None or not archived or not read_completely(ctx.scanned, os.path.join(tree.root, "milestones")):
            continue
        listed: dict[str, int] = {}
        for number, line in prose_lines(milestones):
            match = MILESTONE_HEADING.match(line)
            if match:
                listed.setdefault(match.group(1).lower(), number)
        for version, line in listed.items():
            if version not in archived:
                yield milestones, Violation(
                    f"MILESTONES.md lists {version} but milestones/ has no {version}-* archive",
                    Span.of_line(milestones, line), "archive the milestone (complete-milestone), or correct the version",
                    {"version": version, "archived": sorted(archived)})
        for version, name in sorted(archived.items()):
            if version not in listed:
                yield milestones, Violation(
                    f"{version} is archived (milestones/{name}) but MILESTONES.md does not list it",
                    Span.of_line(milestones, milestones.body_start_line),
                    f"add '## {version} ... (Shipped: date)' to MILESTONES.md",
                    {"version": version, "archive": name, "listed": sorted(listed)})
