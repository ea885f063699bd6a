"""PP312, PP314-PP316: plan ids: a plan's frontmatter id against its file name, and the plans of
one phase folder read together (dependencies, waves, duplicate ids)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Iterator

from planproof.findings import Violation
from planproof.planning import ids
from planproof.planning.scope import read_completely
from planproof.rules import rule
from planproof.rules.plan_examples import plan_example

LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass
class PlanInfo:
    doc: object
    id: ids.PlanId | None  # (phase, plan), from the file name when it has one
    declared: ids.PlanId | None  # from the frontmatter
    wave: int | None


def _info(doc) -> PlanInfo:
    meta = doc.meta
    phase, plan = ids.number(meta.get("phase")), ids.plan_number(meta.get("plan"))
    declared = (phase, plan) if phase and plan else None
    named = ids.id_from_name(doc.path)
    if declared and named and declared == (named[0], named[1].rstrip(LETTERS)):
        declared = named  # a lettered plan 15-04a written as plan: 4
    wave = meta.get("wave")
    wave = wave if isinstance(wave, int) and not isinstance(wave, bool) else None
    return PlanInfo(doc, named or declared, declared, wave)


def phase_folders(docs) -> dict[str, list[PlanInfo]]:
    folders: dict[str, list[PlanInfo]] = {}
    for doc in docs:
        if doc.kind == "PLAN":
            folders.setdefault(os.path.dirname(doc.abspath), []).append(_info(doc))
    return folders


def _dependencies(info: PlanInfo) -> Iterator[tuple[int, object, ids.PlanId]]:
    own_phase = (info.declared or info.id or (None,))[0]
    entries = info.doc.meta.get("depends_on")
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        dep = ids.dependency_id(entry, own_phase)
        if dep is not None:
            yield index, entry, dep


@rule("PP312", "plan-id-mismatch", "warning",
      summary="Frontmatter phase or plan disagrees with the file name.",
      what="""
        Compares the numbers of `NN-MM-PLAN.md` / `NN-MM-SUMMARY.md` with `phase` and `plan`
        in the frontmatter: `09.1` equals `9.1`, `05-coverage` counts as phase 5, a lettered
        plan `15-04a` matches `plan: 04a` or `plan: 4`, and `plan: 22-02` (phase-plan form) is
        plan 2. Names that do not start with the two
        numbers (quick plans, `PLAN.md`) are not checked.
      """,
      why="Tools find plans by file name and report them by frontmatter: the two must agree.",
      bad=plan_example().replace('plan: "01"', 'plan: "02"'),
      at=(3, 7),
      good=plan_example())
def plan_id_mismatch(doc, ctx) -> Iterator[Violation]:
    if doc.kind not in ("PLAN", "SUMMARY"):
        return
    named = ids.id_from_name(doc.path)
    if named is None:
        return
    for key, expected in zip(("phase", "plan"), named):
        value = doc.meta.get(key)
        written = (ids.plan_number if key == "plan" else ids.number)(value)
        if written is None or written == expected:
            continue
        if key == "plan" and re.sub(r"[a-z]$", "", expected) == written:
            continue  # lettered plan 04a written as plan: 4
        yield Violation(f"{key} is {value!r} but the file name says {key} {expected}",
                        doc.frontmatter.span(key), hint="rename the file or fix the frontmatter",
                        evidence={"key": key, "frontmatter": str(value), "file_name": expected})


FOLDER_EXAMPLE = """\
<!-- file: .planning/phases/05-x/05-01-PLAN.md -->
---
phase: "05"
plan: "01"
type: execute
wave: 1
depends_on: []
files_modified: [src/a.py]
autonomous: true
---
<!-- file: .planning/phases/05-x/05-02-PLAN.md -->
---
phase: "05"
plan: "{plan}"
type: execute
wave: {wave}
depends_on: [{depends}]
files_modified: [src/b.py]
autonomous: true
---
"""


def _example(depends: str, wave: int = 2, plan: str = "02") -> str:
    return FOLDER_EXAMPLE.format(depends=depends, wave=wave, plan=plan)


@rule("PP314", "unknown-dependency", "warning", scope="tree",
      summary="depends_on names a plan of the same phase that does not exist.",
      what="""
        When the run read the whole phase folder (a folder named for its phase: `05-slug`,
        `phase_21`, `09.1-x`), each `depends_on` entry of the same phase (`"05-04"`, `04`) must
        be a plan in that folder. Dependencies on other phases, folders only partly given on
        the command line, and plans outside phase folders are not checked.
      """,
      why="A dependency on a plan that does not exist is never satisfied, or silently ignored.",
      bad=_example('"05-07"'),
      at=(6, 14),
      good=_example('"05-01"'),
      example_path=".planning/phases/05-x/05-02-PLAN.md")
def unknown_dependency(docs, ctx):
    for folder, plans in phase_folders(docs).items():
        if not read_completely(ctx.scanned, folder) or ids.phase_folder_number(folder) is None:
            continue
        known = {p.id for p in plans} | {p.declared for p in plans}
        phases = {pid[0] for pid in known if pid}
        for info in plans:
            for index, entry, dep in _dependencies(info):
                if dep not in known and dep[0] in phases:
                    yield info.doc, Violation(
                        f"depends on {entry}, but the phase folder has no plan {ids.format_plan_id(dep)}",
                        info.doc.frontmatter.span(f"depends_on[{index}]"),
                        hint="fix the plan id, or add the missing plan",
                        evidence={"dependency": str(entry), "known": sorted(map(ids.format_plan_id, filter(None, known)))})


@rule("PP315", "dependency-not-earlier", "error", scope="tree",
      summary="A plan depends on a plan of the same or a later wave.",
      what="""
        A dependency in the same phase folder must be in an earlier `wave` than the plan that
        depends on it.
      """,
      why="Plans of one wave run in parallel: a dependency in the same wave is not finished yet.",
      bad=_example('"05-01"', wave=1),
      at=(6, 14),
      good=_example('"05-01"', wave=2),
      example_path=".planning/phases/05-x/05-02-PLAN.md")
def dependency_not_earlier(docs, ctx):
    for plans in phase_folders(docs).values():
        waves = {}
        for info in plans:
            for pid in (info.id, info.declared):
                if pid and info.wave is not None:
                    waves.setdefault(pid, (info.wave, info))
        for info in plans:
            if info.wave is None:
                continue
            for index, entry, dep in _dependencies(info):
                wave, other = waves.get(dep, (None, None))
                if wave is not None and other is not info and wave >= info.wave:
                    yield info.doc, Violation(
                        f"depends on {entry}, which is in wave {wave}; this plan is in wave "
                        f"{info.wave}, so the dependency must be in an earlier wave",
                        info.doc.frontmatter.span(f"depends_on[{index}]"),
                        hint=f"move this plan to wave {wave + 1} or later",
                        evidence={"dependency": str(entry), "dependency_wave": wave,
                                  "wave": info.wave, "dependency_path": other.doc.path})


@rule("PP316", "duplicate-plan-id", "error", scope="tree",
      summary="Two plans in one phase folder declare the same phase and plan number.",
      what="Compares the `phase`/`plan` frontmatter of the plans in each phase folder.",
      why="Dependencies and summaries name plans by id: two plans with one id are ambiguous.",
      bad=_example("", wave=1, plan="01"),
      at=(3, 7),
      good=_example("", wave=1, plan="02"),
      example_path=".planning/phases/05-x/05-02-PLAN.md")
def duplicate_plan_id(docs, ctx):
    for plans in phase_folders(docs).values():
        first: dict[ids.PlanId, PlanInfo] = {}
        for info in sorted(plans, key=lambda p: p.doc.path):
            if info.declared is None:
                continue
            if info.declared in first:
                other = first[info.declared]
                yield info.doc, Violation(
                    f"plan {ids.format_plan_id(info.declared)} is also declared by "
                    f"{os.path.basename(other.doc.path)}", info.doc.frontmatter.span("plan"),
                    hint="give each plan its own number (and file name)",
                    evidence={"id": ids.format_plan_id(info.declared), "other": other.doc.path})
            else:
                first[info.declared] = info
