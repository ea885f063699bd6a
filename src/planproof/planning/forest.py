"""The planning trees of a run, built once per run from its documents (`forest(docs, ctx)`)."""

from __future__ import annotations

import os
import re

from planproof.document import Document
from planproof.planning import ids
from planproof.planning.layout import display, is_quick_folder, locate
from planproof.planning.model import Phase, PlanEntry, PlanningTree
from planproof.planning.requirements import collect_requirements
from planproof.planning.roadmap import parse_roadmap


def forest(docs: list[Document], ctx) -> list[PlanningTree]:
    """The planning trees of the run `ctx` (whose documents are `docs`), built once per run."""
    return ctx.memo.get("planning.forest", lambda: build_forest(docs))


def build_forest(docs: list[Document]) -> list[PlanningTree]:
    """Every planning tree found in `docs`, in a stable order."""
    trees: dict[str, PlanningTree] = {}
    phases: dict[str, Phase] = {}
    for doc in docs:
        root, phase_folder, milestone = locate(doc)
        tree = trees.get(root)
        if tree is None:
            tree = trees[root] = PlanningTree(root, display(doc, root))
        tree.docs.append(doc)
        if phase_folder is not None and not is_quick_folder(os.path.basename(os.path.dirname(phase_folder))):
            phase = phases.get(phase_folder)
            if phase is None:
                phase = phases[phase_folder] = _new_phase(doc, phase_folder, milestone)
                tree.phases.append(phase)
            phase.docs.append(doc)
        elif doc.kind == "ROADMAP" and tree.roadmap is None:
            tree.roadmap = parse_roadmap(doc)
        elif doc.kind == "STATE" and tree.state is None:
            tree.state = doc
        if doc.kind == "REQUIREMENTS" or (doc.kind == "GENERIC" and re.search(
                r"(^|-)REQUIREMENTS\.md$", os.path.basename(doc.path), re.I)):
            tree.requirement_docs.append(doc)
    for phase in phases.values():
        _pair(phase)
    built = sorted(trees.values(), key=lambda t: t.root)
    for tree in built:
        _finish(tree)
    return built


def _new_phase(doc: Document, folder: str, milestone: str | None) -> Phase:
    return Phase(folder, display(doc, folder), ids.phase_folder_number(folder),
                 os.path.basename(folder), milestone is not None, milestone)


def _finish(tree: PlanningTree) -> None:
    tree.phases.sort(key=lambda p: p.folder)
    for doc in tree.requirement_docs:
        collect_requirements(tree, doc, archived=os.path.basename(doc.path).upper() != "REQUIREMENTS.MD")
    for phase in tree.phases:
        for readme in phase.readmes:
            collect_requirements(tree, readme, archived=phase.archived)


def _is_readme(doc: Document) -> bool:
    return doc.kind == "GENERIC" and re.match(r"^(?:[\w.]+-)?README\.md$", os.path.basename(doc.path), re.I) is not None


def _pair(phase: Phase) -> None:
    plans: list[tuple[str, Document]] = []
    summaries: list[tuple[str, Document]] = []
    for doc in phase.docs:
        if doc.kind == "PLAN" and (stem := ids.stem_of(doc.path, "PLAN")) is not None:
            plans.append((stem, doc))
        elif doc.kind == "SUMMARY" and (stem := ids.stem_of(doc.path, "SUMMARY")) is not None:
            summaries.append((stem, doc))
        elif doc.kind == "VERIFICATION":
            phase.verifications.append(doc)
        elif _is_readme(doc):
            phase.readmes.append(doc)
    entries = [PlanEntry(stem, _entry_id(stem, doc, phase), plan=doc) for stem, doc in plans]
    summary_ids = [_entry_id(stem, doc, phase) for stem, doc in summaries]
    matches = match_summaries([(e.stem, e.id) for e in entries],
                              [(stem, sid) for (stem, _), sid in zip(summaries, summary_ids)])
    for (stem, doc), sid, match in zip(summaries, summary_ids, matches):
        if match is None:
            entries.append(PlanEntry(stem, sid, summary=doc))
        else:
            entries[match].summary = doc
    entries.sort(key=lambda e: (e.plan or e.summary).path)
    phase.entries = entries


def match_summaries(plans: list[tuple[str, ids.PlanId | None]],
                    summaries: list[tuple[str, ids.PlanId | None]]) -> list[int | None]:
    """Which plan each SUMMARY belongs to, as (stem, id) pairs of one folder: the index of its
    plan, or None for a SUMMARY without PLAN. The plan of the same name first
    (`29-cutover-01`), else the first of the same id (`33-01`); a plan takes one SUMMARY."""
    taken: set[int] = set()
    out: list[int | None] = []
    for stem, sid in summaries:
        free = [i for i in range(len(plans)) if i not in taken]
        match = next((i for i in free if plans[i][0] == stem), None)
        if match is None and sid is not None:
            match = next((i for i in free if plans[i][1] == sid), None)
        if match is not None:
            taken.add(match)
        out.append(match)
    return out


def _entry_id(stem: str, doc: Document, phase: Phase) -> ids.PlanId | None:
    pid = ids.plan_id(stem)
    if pid is not None:
        return pid
    plan = ids.plan_number(doc.meta.get("plan"), slug=False)
    return (phase.number, plan) if plan and phase.number else None
