"""The planning tree as data: a tree's phases, each phase's plans, summaries and verification
reports, and what its ROADMAP and requirement documents say. Built by `planning.forest`."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from planproof.document import Document
from planproof.planning.ids import format_plan_id, leading_value

DONE_STATUSES = {"passed", "verified", "complete", "completed"}


@dataclass
class PlanEntry:
    """One plan of a phase: its PLAN and SUMMARY documents (either may be missing)."""

    stem: str
    id: tuple[str, str] | None
    plan: Document | None = None
    summary: Document | None = None

    @property
    def label(self) -> str:
        if self.id:
            return format_plan_id(self.id)
        return self.stem or "PLAN"

    @property
    def executed(self) -> bool:
        return self.summary is not None


@dataclass
class Phase:
    folder: str  # absolute path of the phase folder
    display: str  # the folder as the user sees it
    number: str | None  # normalised: '9.1', '12', '15a'
    name: str
    archived: bool = False
    milestone: str | None = None
    docs: list[Document] = field(default_factory=list)
    entries: list[PlanEntry] = field(default_factory=list)
    verifications: list[Document] = field(default_factory=list)
    readmes: list[Document] = field(default_factory=list)

    @property
    def label(self) -> str:
        """'phase 5', or 'phase folder notes' when the folder has no number."""
        return f"phase {self.number}" if self.number else f"phase folder {self.name}"

    @property
    def plans(self) -> list[PlanEntry]:
        return [e for e in self.entries if e.plan is not None]

    @property
    def summaries(self) -> list[PlanEntry]:
        return [e for e in self.entries if e.summary is not None]

    @property
    def executed(self) -> bool:
        """Every plan has a SUMMARY (and there is at least one plan)."""
        plans = self.plans
        return bool(plans) and all(e.executed for e in plans)

    def entry(self, pid: tuple[str, str]) -> PlanEntry | None:
        return next((e for e in self.entries if e.id == pid), None)


@dataclass
class RoadmapPhase:
    number: str
    line: int
    status: str | None  # 'x' complete, ' ' open, '~' partial; None when only a section exists
    name: str
    archived: bool  # inside a <details> block: a shipped milestone
    backlog: bool
    plans: list["RoadmapPlan"] = field(default_factory=list)


@dataclass
class RoadmapPlan:
    id: tuple[str, str]
    checked: bool
    line: int
    column: int
    end_column: int
    text: str
    archived: bool
    phase: str | None  # the ROADMAP phase section it was listed under


@dataclass
class Roadmap:
    doc: Document
    phases: dict[str, RoadmapPhase] = field(default_factory=dict)
    plans: list[RoadmapPlan] = field(default_factory=list)
    table_complete: dict[str, int] = field(default_factory=dict)  # number -> line of a 'Complete' row
    deferred: set[str] = field(default_factory=set)  # IDs on '**Deferred**: AGNT-11, ...' lines
    # phases named anywhere else: collapsed milestone lines (`- [x] Phase 27: Name (4/4 plans)`),
    # prose, and ranges (`Phases 57-62: Theme system (shipped v1.9)`) as (first, last)
    named: set[str] = field(default_factory=set)
    ranges: list[tuple[float, float]] = field(default_factory=list)

    def mentions(self, number: str) -> bool:
        if number in self.phases or number in self.table_complete or number in self.named:
            return True
        value = leading_value(number)
        return value is not None and any(first <= value < int(last) + 1
                                         for first, last in self.ranges)

    def completion(self, number: str) -> tuple[int, str] | None:
        """(line, how) when the ROADMAP marks phase `number` complete."""
        phase = self.phases.get(number)
        if phase is not None and phase.status in ("x", "X"):
            return phase.line, "checked in the ROADMAP"
        if number in self.table_complete:
            return self.table_complete[number], "marked Complete in the ROADMAP progress table"
        return None


@dataclass
class Requirement:
    id: str
    doc: Document
    line: int
    column: int
    deferred: bool  # defined under an out-of-scope / future / deferred heading
    checked: bool | None = None
    phase: str | None = None  # from a traceability table
    plans: list[tuple[str, str]] = field(default_factory=list)  # 'COV-02 ... (Plan 30-01)'


@dataclass
class PlanningTree:
    root: str  # absolute path of the folder holding ROADMAP.md / phases/
    display_root: str
    docs: list[Document] = field(default_factory=list)
    phases: list[Phase] = field(default_factory=list)
    roadmap: Roadmap | None = None
    state: Document | None = None
    requirement_docs: list[Document] = field(default_factory=list)
    requirements: dict[str, list[Requirement]] = field(default_factory=dict)

    def active_phases(self) -> list[Phase]:
        return [p for p in self.phases if not p.archived]

    def find_phases(self, number: str | None, archived: bool | None = None) -> list[Phase]:
        return [p for p in self.phases if p.number == number and number is not None
                and (archived is None or p.archived == archived)]

    def phases_folder(self) -> str:
        return os.path.join(self.root, "phases")

    def completion(self, phase: Phase) -> list[tuple[Document, int, str]]:
        """Every place that claims `phase` is complete: (document, line, how)."""
        claims = []
        if self.roadmap is not None and phase.number is not None and not phase.archived:
            found = self.roadmap.completion(phase.number)
            if found:
                claims.append((self.roadmap.doc, found[0], found[1]))
        for doc in phase.verifications:
            status = doc.meta.get("status")
            if isinstance(status, str) and status.strip().lower() in DONE_STATUSES:
                claims.append((doc, doc.frontmatter.span("status").line,
                               f"its VERIFICATION has status '{status.strip()}'"))
        return claims
