"""PP720-PP721: STATE.md's current position and progress against the tree."""

from __future__ import annotations

import re

from planproof import lazyre
from planproof.fences import prose_lines
from planproof.findings import Span, Violation
from planproof.planning.forest import forest
from planproof.planning.ids import NUMBER, PLAN_NUMBER, exact_number, format_plan_id
from planproof.planning.scope import read_completely
from planproof.rules import rule

STATE_PHASE = lazyre.compile(rf"^\s*(?:\*\*)?Phase(?:\*\*)?:?(?:\*\*)?\s+({NUMBER})\b(?:\s+of\s+\d+)?", re.I)
STATE_PLAN = lazyre.compile(rf"^\s*(?:\*\*)?Plan(?:\*\*)?:?(?:\*\*)?\s+({PLAN_NUMBER})\s+of\s+(\d+)", re.I)


def _state_position(doc):
    """(phase, phase span, plan, plan span) from STATE frontmatter, else its 'Phase: N of M' lines."""
    meta = doc.meta
    phase = plan = None
    phase_span = plan_span = None
    raw = meta.get("current_phase")
    if raw is not None:
        match = re.match(rf"^\s*({NUMBER})\b", str(raw))
        if match:
            phase, phase_span = exact_number(match.group(1)), doc.frontmatter.span("current_phase")
    raw_plan = meta.get("current_plan")
    if raw_plan is not None:
        plan = exact_number(raw_plan)
        plan_span = doc.frontmatter.span("current_plan") if plan else None
    if phase is None:
        for number, line in _body_lines(doc):
            found = STATE_PHASE.match(line)
            if found:
                phase, phase_span = exact_number(found.group(1)), Span.of_line(doc, number)
                break
    if plan is None and phase_span is not None:
        for number, line in _body_lines(doc):
            found = STATE_PLAN.match(line)
            if found:
                plan, plan_span = exact_number(found.group(1)), Span.of_line(doc, number)
                break
    return phase, phase_span, plan, plan_span


def _body_lines(doc):
    in_position = False
    for number, line in prose_lines(doc):
        if line.startswith("#"):
            in_position = "current position" in line.lower()
            continue
        if in_position:
            yield number, line


@rule("PP720", "state-position-missing", "warning", scope="tree",
      summary="STATE's current phase or plan does not exist in the tree.",
      what="""
        STATE's `current_phase`/`current_plan` (or the `Phase: N of M` / `Plan: N of M` lines
        under `## Current Position`) must name a phase the ROADMAP lists or a phase folder that
        exists, and, when that folder was read completely and has plans, a plan in it.
        Checked only when the ROADMAP or the `phases/` folder is part of the run.
      """,
      why="""
        STATE is where the next session resumes; pointing it at a phase or plan that does not
        exist sends the next run of the workflow into the void.
      """,
      bad="""
        <!-- file: .planning/STATE.md -->
        # Project State

        ## Current Position

        Phase: 7 of 6 (Dashboard)
        Plan: 1 of 4
        <!-- file: .planning/ROADMAP.md -->
        # Roadmap

        - [ ] **Phase 6: Dashboard** - monitoring
      """,
      at=(5, 1),
      good="""
        <!-- file: .planning/STATE.md -->
        # Project State

        ## Current Position

        Phase: 6 of 6 (Dashboard)
        Plan: 1 of 4
        <!-- file: .planning/ROADMAP.md -->
        # Roadmap

        - [ ] **Phase 6: Dashboard** - monitoring
      """,
      example_path=".planning/STATE.md")
def state_position_missing(docs, ctx):
    for tree in forest(docs, ctx):
        state = tree.state
        if state is None:
            continue
        phase, phase_span, plan, plan_span = _state_position(state)
        if phase is None:
            continue
        folders_seen = read_completely(ctx.scanned, tree.phases_folder())
        if tree.roadmap is None and not folders_seen:
            continue
        folders = tree.find_phases(phase, archived=False)
        in_roadmap = tree.roadmap is not None and tree.roadmap.mentions(phase)
        if not folders and not in_roadmap and (folders_seen or tree.roadmap is not None):
            if tree.roadmap is not None or not tree.find_phases(phase):
                yield state, Violation(
                    f"STATE's current phase {phase} is neither in the ROADMAP nor a phase folder",
                    phase_span,
                    hint="update STATE to the phase actually in progress",
                    evidence={"current_phase": phase,
                              "roadmap_phases": sorted(tree.roadmap.phases) if tree.roadmap else None,
                              "phase_folders": [p.display for p in tree.active_phases()]})
            continue
        if plan is None or plan == "0" or len(folders) != 1:
            continue
        folder = folders[0]
        if not read_completely(ctx.scanned, folder.folder) or not folder.plans:
            continue
        if folder.entry((phase, plan)) is None:
            yield state, Violation(
                f"STATE's current plan {format_plan_id((phase, plan))} is not in {folder.display}",
                plan_span,
                hint="update STATE to the plan actually in progress",
                evidence={"current_plan": format_plan_id((phase, plan)),
                          "plans_present": [e.label for e in folder.plans]})


@rule("PP721", "state-percent-mismatch", "warning", scope="tree",
      summary="STATE `progress.percent` does not match completed/total.",
      what="""
        `progress.percent` must equal `completed_plans / total_plans` (or, as some versions of
        the workflow compute it, `completed_phases / total_phases`), rounded or truncated.
      """,
      why="""
        Dashboards and people read the percentage, not the counts below it. `percent: 0` with
        13 of 13 plans complete tells everyone the project has not started.
      """,
      bad="""
        ---
        progress:
          total_phases: 5
          completed_phases: 5
          total_plans: 13
          completed_plans: 13
          percent: 0
        ---
        # Project State
      """,
      at=(7, 12),
      good="""
        ---
        progress:
          total_phases: 5
          completed_phases: 5
          total_plans: 13
          completed_plans: 13
          percent: 100
        ---
        # Project State
      """,
      example_path=".planning/STATE.md")
def state_percent_mismatch(docs, ctx):
    for doc in docs:
        if doc.kind != "STATE":
            continue
        progress = doc.meta.get("progress")
        if not isinstance(progress, dict):
            continue
        percent = _number(progress.get("percent"))
        if percent is None:
            continue
        expected = []
        for done_key, total_key in (("completed_plans", "total_plans"), ("completed_phases", "total_phases")):
            done, total = _number(progress.get(done_key)), _number(progress.get(total_key))
            if done is None or not total or total <= 0:
                continue
            exact = 100.0 * done / total
            expected.append((done_key, total_key, done, total, exact))
        if not expected:
            continue
        if any(abs(percent - exact) < 1.0 or percent in (int(exact), round(exact))
               for *_, exact in expected):
            continue
        best = expected[0]
        yield doc, Violation(
            f"progress.percent is {_fmt(percent)} but {best[0]}/{best[1]} is "
            f"{_fmt(best[2])}/{_fmt(best[3])} = {best[4]:.0f}%",
            doc.frontmatter.span("progress.percent"),
            hint=f"set percent: {round(best[4])}",
            evidence={"claimed": percent, "computed": {f"{a}/{b}": round(e, 2) for a, b, _, _, e in expected}})


def _number(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        try:
            return float(value.strip().rstrip("%"))
        except ValueError:
            return None
    return None


def _fmt(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
