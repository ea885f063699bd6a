"""PP704-PP705: the ROADMAP's phases against the phase folders (both ways)."""

from __future__ import annotations

import os

from planproof.findings import Span, Violation
from planproof.planning.forest import forest
from planproof.planning.ids import format_plan_id
from planproof.planning.model import Phase
from planproof.planning.scope import read_completely
from planproof.rules import rule


def _first(phase: Phase):
    docs = sorted(phase.docs, key=lambda d: d.path)
    return next((d for d in docs if d.kind == "PLAN"), docs[0])


@rule("PP704", "completed-phase-without-folder", "warning", scope="tree",
      summary="The ROADMAP checks off a phase that has no phase folder.",
      what="""
        For a ROADMAP read together with its `phases/` folder, a phase checked off
        (`- [x] **Phase 7: ...**`), or one whose plan lines are checked off (`- [x] 07-01: ...`),
        must have a folder, either under `phases/` or archived under
        `milestones/vX.Y-phases/`. Phases inside a `<details>` block (shipped milestones) and
        backlog phases are not checked; phases not started yet need no folder.
      """,
      why="""
        A completed phase whose plans, summaries and verification are nowhere cannot be audited:
        either the folder was lost, or the checkbox is wrong.
      """,
      bad="""
        <!-- file: .planning/ROADMAP.md -->
        # Roadmap

        - [ ] **Phase 1: Foundation** - scaffolding
        - [x] **Phase 2: Geocoding** - providers
        <!-- file: .planning/phases/01-foundation/01-01-PLAN.md -->
        ---
        phase: 01-foundation
        plan: 1
        ---
        # Plan 01-01
      """,
      at=(4, 1),
      good="""
        <!-- file: .planning/ROADMAP.md -->
        # Roadmap

        - [ ] **Phase 1: Foundation** - scaffolding
        - [ ] **Phase 2: Geocoding** - providers
        <!-- file: .planning/phases/01-foundation/01-01-PLAN.md -->
        ---
        phase: 01-foundation
        plan: 1
        ---
        # Plan 01-01
      """,
      example_path=".planning/ROADMAP.md")
def completed_phase_without_folder(docs, ctx):
    for tree in forest(docs, ctx):
        roadmap = tree.roadmap
        if roadmap is None or not read_completely(ctx.scanned, tree.phases_folder()):
            continue
        for entry in roadmap.phases.values():
            if entry.archived or entry.backlog or tree.find_phases(entry.number):
                continue
            done = [p for p in entry.plans if p.checked and not p.archived]
            if entry.status in ("x", "X"):
                what, line = "is checked off in the ROADMAP", entry.line
            elif done:
                what, line = f"has checked-off plans in the ROADMAP ({format_plan_id(done[0].id)})", done[0].line
            else:
                continue
            yield roadmap.doc, Violation(
                f"Phase {entry.number} {what} but has no folder under "
                f"{os.path.join(tree.display_root, 'phases')}",
                Span.of_line(roadmap.doc, line),
                hint="restore the phase folder, archive it under milestones/, or uncheck the phase",
                evidence={"phase": entry.number, "searched": os.path.join(tree.display_root, "phases")})


@rule("PP705", "phase-not-in-roadmap", "warning", scope="tree",
      summary="A phase folder's number appears nowhere in the ROADMAP.",
      what="""
        When a ROADMAP is part of the run, every active phase folder (`phases/NN-slug/`) should
        appear in it: as a checklist entry, a `### Phase NN:` section, a progress-table row, or
        any line that names it (a collapsed milestone line `- [x] Phase 27: Name (4/4 plans)`,
        prose, a range `Phases 57-62` that covers it, inserted `58.1` included). Reported once
        per folder, at its first document. Archived phases and GSD's `999.x` backlog folders
        are not checked.
      """,
      why="""
        Work outside the ROADMAP is invisible to whoever reads it to know where the project
        stands; usually the phase was inserted (a decimal phase) without updating the ROADMAP.
      """,
      bad="""
        <!-- file: .planning/ROADMAP.md -->
        # Roadmap

        - [ ] **Phase 1: Foundation** - scaffolding
        <!-- file: .planning/phases/01.1-hotfix/01.1-01-PLAN.md -->
        ---
        phase: 01.1-hotfix
        plan: 1
        ---
        # Plan 01.1-01
      """,
      at=(1, 1),
      good="""
        <!-- file: .planning/ROADMAP.md -->
        # Roadmap

        - [ ] **Phase 1: Foundation** - scaffolding
        - [ ] **Phase 1.1: Hotfix** (INSERTED)
        <!-- file: .planning/phases/01.1-hotfix/01.1-01-PLAN.md -->
        ---
        phase: 01.1-hotfix
        plan: 1
        ---
        # Plan 01.1-01
      """,
      example_path=".planning/phases/01.1-hotfix/01.1-01-PLAN.md")
def phase_not_in_roadmap(docs, ctx):
    for tree in forest(docs, ctx):
        if tree.roadmap is None:
            continue
        for phase in tree.active_phases():
            if phase.number is None or tree.roadmap.mentions(phase.number):
                continue
            if phase.number.split(".")[0] == "999":
                continue  # GSD's backlog parking lot (999.1, 999.2 ...): not a missing phase
            doc = _first(phase)
            yield doc, Violation(
                f"{phase.label} ({phase.display}) does not appear in {tree.roadmap.doc.path}",
                hint=f"add '### Phase {phase.number}: ...' to the ROADMAP, or archive the folder",
                evidence={"phase": phase.display, "roadmap": tree.roadmap.doc.path})
