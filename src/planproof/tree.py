"""The planning tree as a whole, built from the documents of one run.

A run may hold several planning trees (one per `.planning/` folder, or per workstream). Each
`PlanningTree` knows its phases (active ones under `phases/`, archived ones under
`milestones/vX.Y-phases/`), the plans, summaries and verification reports of every phase, and
what ROADMAP, STATE and the requirement documents say about them.

Nothing here opens a file: the model sees exactly the documents of the run. Whether a folder
was read completely (so that a missing file really is missing) is answered by `visible()`,
from the directories the run walked (`Context.scanned`).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Iterable

from planproof import lazyre, planfiles
from planproof.document import Document
from planproof.fences import prose_lines

# -- names ---------------------------------------------------------------------------------------

NUMBER = r"\d+(?:\.\d+)*[a-z]?"
PHASE_FOLDER = lazyre.compile(rf"^(?:phase[ _-]?)?({NUMBER})(?:[-_ ]|$)", re.I)
STEM_ID = lazyre.compile(rf"^({NUMBER})-(.+)$", re.I)
PLAN_NUMBER = lazyre.compile(r"^\d+[a-z]?$", re.I)
ARCHIVE_FOLDER = lazyre.compile(r"^(v[\w.]+)-phases$", re.I)
REQUIREMENT_ID = lazyre.compile(r"\b([A-Z][A-Z0-9]{1,11}(?:-[A-Z][A-Z0-9]*)*-\d{1,4}[a-z]?)\b")
DONE_STATUSES = {"passed", "verified", "complete", "completed"}


def norm_number(number: str | int | float | None) -> str | None:
    """'09.1' -> '9.1', '04a' -> '4a', 3 -> '3'; None when it is not exactly a number."""
    return planfiles.number(number, slug=False)


def stem_of(path: str, kind: str) -> str | None:
    """'12-03-PLAN.md' -> '12-03'; 'PLAN.md' -> ''; None when the name does not end in -KIND.md."""
    name = os.path.basename(path)
    match = re.match(rf"^(?:(.*)-)?{kind}\.md$", name, re.I)
    return None if match is None else (match.group(1) or "")


def plan_id(stem: str) -> tuple[str, str] | None:
    """'12-03' -> ('12', '3'); '29-argocd-cutover-01' -> ('29', '1'); '84-01a-shared' -> ('84', '1a')."""
    match = STEM_ID.match(stem)
    if not match:
        return None
    phase, rest = match.groups()
    tokens = rest.split("-")
    plan = tokens[0] if PLAN_NUMBER.match(tokens[0]) else next(
        (t for t in reversed(tokens) if PLAN_NUMBER.match(t)), None)
    if plan is None:
        return None
    return norm_number(phase), norm_number(plan)


def display_id(pid: tuple[str, str]) -> str:
    phase, plan = pid
    head, _, tail = phase.partition(".")
    digits = re.match(r"\d+", plan)
    plan_text = plan.zfill(2 + len(plan) - len(digits.group(0))) if digits else plan
    return f"{head.zfill(2)}{'.' + tail if tail else ''}-{plan_text}"


def is_under(path: str, folder: str) -> bool:
    folder = folder.rstrip(os.sep)
    return path == folder or path.startswith(folder + os.sep)


SAMPLE_NAMES = ("00-00-PLAN.md", "00-00-SUMMARY.md", "00-VERIFICATION.md", "README.md")


def visible(ctx, folder: str) -> bool:
    """True when the run read `folder` completely: it lies inside a directory the run walked and
    no `--exclude` pattern hides planning documents in it."""
    if not any(is_under(folder, scanned) for scanned in getattr(ctx, "scanned", ()) or ()):
        return False
    patterns = getattr(getattr(ctx, "settings", None), "exclude", None)
    if patterns:
        from planproof.discovery import excluded

        return not any(excluded(os.path.join(folder, name), patterns) for name in SAMPLE_NAMES)
    return True


# -- the model -----------------------------------------------------------------------------------


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
            return display_id(self.id)
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

    def verification_status(self) -> str | None:
        for doc in self.verifications:
            status = doc.meta.get("status")
            if isinstance(status, str):
                return status.strip().lower()
        return None


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
        value = _leading_value(number)
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


# -- building ------------------------------------------------------------------------------------


def _parts(path: str) -> list[str]:
    return path.replace("\\", "/").split("/")


def locate(doc: Document) -> tuple[str, str | None, str | None]:
    """(planning root, phase folder or None, archived milestone or None) of a document."""
    folder = os.path.dirname(doc.abspath)
    parts = _parts(folder)
    # walk up from the document: a folder named 'phases' or 'vX.Y-phases' marks the tree
    for index in range(len(parts) - 1, -1, -1):
        name = parts[index]
        archive = ARCHIVE_FOLDER.match(name)
        if name.lower() == "phases" or archive:
            root_parts = parts[:index - 1] if archive and index and parts[index - 1].lower() == "milestones" \
                else parts[:index]
            phase_parts = parts[:index + 2] if index + 1 < len(parts) else None
            if len(parts) > index + 2 and parts[index + 2].lower() != "plans":
                phase_parts = None  # a sub-folder of a phase (archives, notes): not the phase itself
            return ("/".join(root_parts) or "/", "/".join(phase_parts) if phase_parts else None,
                    archive.group(1) if archive else None)
    name = parts[-1]
    if name.lower() == "plans" and len(parts) > 1 and PHASE_FOLDER.match(parts[-2]):
        return "/".join(parts[:-2]) or "/", "/".join(parts[:-1]), None
    if PHASE_FOLDER.match(name) and doc.kind not in ("ROADMAP", "STATE", "REQUIREMENTS", "PROJECT"):
        return "/".join(parts[:-1]) or "/", folder, None
    if name.lower() == "milestones":
        return "/".join(parts[:-1]) or "/", None, None
    return folder, None, None


def _display(doc: Document, absolute: str) -> str:
    """`absolute` expressed the way the user named `doc` (relative stays relative)."""
    shown_dir = os.path.dirname(doc.path)
    relative = os.path.relpath(absolute, os.path.dirname(doc.abspath))
    return os.path.normpath(os.path.join(shown_dir, relative)) if shown_dir or relative != "." else "."


def build_forest(docs: list[Document]) -> list[PlanningTree]:
    """Every planning tree found in `docs`, in a stable order (cached for the same list)."""
    global _CACHE
    if _CACHE is not None and _CACHE[0] is docs and _CACHE[1] == len(docs):
        return _CACHE[2]
    trees: dict[str, PlanningTree] = {}
    phases: dict[str, Phase] = {}
    for doc in docs:
        root, phase_folder, milestone = locate(doc)
        tree = trees.get(root)
        if tree is None:
            tree = trees[root] = PlanningTree(root, _display(doc, root))
        tree.docs.append(doc)
        if phase_folder is not None and "quick" not in _parts(phase_folder)[-2:-1]:
            phase = phases.get(phase_folder)
            if phase is None:
                name = os.path.basename(phase_folder)
                match = PHASE_FOLDER.match(name)
                phase = phases[phase_folder] = Phase(phase_folder, _display(doc, phase_folder),
                                                     norm_number(match.group(1)) if match else None,
                                                     name, milestone is not None, milestone)
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
    forest = sorted(trees.values(), key=lambda t: t.root)
    for tree in forest:
        tree.phases.sort(key=lambda p: p.folder)
        for doc in tree.requirement_docs:
            _collect_requirements(tree, doc, archived=os.path.basename(doc.path).upper() != "REQUIREMENTS.MD")
        for phase in tree.phases:
            for readme in phase.readmes:
                _collect_requirements(tree, readme, archived=phase.archived)
    _CACHE = (docs, len(docs), forest)
    return forest


_CACHE: tuple[list, int, list[PlanningTree]] | None = None


def tree_for(docs: list[Document], doc: Document) -> PlanningTree | None:
    return next((t for t in build_forest(docs) if any(d is doc for d in t.docs)), None)


def _is_readme(doc: Document) -> bool:
    return doc.kind == "GENERIC" and re.match(r"^(?:[\w.]+-)?README\.md$", os.path.basename(doc.path), re.I) is not None


def _pair(phase: Phase) -> None:
    plans: list[tuple[str, Document]] = []
    summaries: list[tuple[str, Document]] = []
    for doc in phase.docs:
        if doc.kind == "PLAN" and (stem := stem_of(doc.path, "PLAN")) is not None:
            plans.append((stem, doc))
        elif doc.kind == "SUMMARY" and (stem := stem_of(doc.path, "SUMMARY")) is not None:
            summaries.append((stem, doc))
        elif doc.kind == "VERIFICATION":
            phase.verifications.append(doc)
        elif _is_readme(doc):
            phase.readmes.append(doc)
    entries = [PlanEntry(stem, _entry_id(stem, doc, phase), plan=doc) for stem, doc in plans]
    for stem, doc in summaries:
        sid = _entry_id(stem, doc, phase)
        match = next((e for e in entries if e.summary is None and e.stem == stem), None)
        if match is None and sid is not None:
            match = next((e for e in entries if e.summary is None and e.id == sid), None)
        if match is None:
            entries.append(PlanEntry(stem, sid, summary=doc))
        else:
            match.summary = doc
    entries.sort(key=lambda e: (e.plan or e.summary).path)
    phase.entries = entries


def _entry_id(stem: str, doc: Document, phase: Phase) -> tuple[str, str] | None:
    pid = plan_id(stem)
    if pid is not None:
        return pid
    plan = planfiles.plan_number(doc.meta.get("plan"), slug=False)
    return (phase.number, plan) if plan and phase.number else None


# -- ROADMAP ---------------------------------------------------------------------------------------

ROADMAP_PHASE = lazyre.compile(rf"^\s*[-*+]\s+\[([ xX~])\]\s+(?:~~)?\*\*Phase\s+({NUMBER})\s*[:.\-—]?\s*(.*?)\*\*", re.I)
ROADMAP_SECTION = lazyre.compile(rf"^#{{2,4}}\s+(?:[^\w\s]\s*)?Phase\s+({NUMBER})\b\s*[:.\-—]?\s*(.*)$", re.I)
ROADMAP_PLAN = lazyre.compile(rf"^(\s*[-*+]\s+\[([ xX])\]\s+)(?:\*\*)?(({NUMBER})-(\d+[a-z]?)(?:-PLAN\.md)?)\b", re.I)
TABLE_ROW_PHASE = lazyre.compile(rf"^\|\s*(?:Phase\s+)?({NUMBER})\.?(?:\s[^|]*)?\|", re.I)
PHASE_NAMED = lazyre.compile(rf"\bPhases?\s+((?:{NUMBER})(?:\s*(?:,|&|and|-|–|—|to|through|\.\.)\s*(?:Phase\s+)?(?:{NUMBER}))*)\b", re.I)
RANGE_PART = lazyre.compile(rf"({NUMBER})\s*(?:-|–|—|to|through|\.\.)\s*(?:Phase\s+)?({NUMBER})", re.I)


def iter_text_lines(doc: Document) -> Iterable[tuple[int, str]]:
    """(line number, text) of the body outside fenced code blocks."""
    return prose_lines(doc)


def plan_line(line: str, number: int, archived: bool = False, section: str | None = None) -> RoadmapPlan | None:
    """A checklist line naming a plan: `- [x] 12-03: ...` or `- [ ] 12-03-PLAN.md -- ...`."""
    plan = ROADMAP_PLAN.match(line)
    if not plan:
        return None
    pid = (norm_number(plan.group(4)), norm_number(plan.group(5)))
    column = len(plan.group(1)) + 1 + (2 if line[len(plan.group(1)):].startswith("**") else 0)
    return RoadmapPlan(pid, plan.group(2) in "xX", number, column, column + len(plan.group(3)),
                       line.strip(), archived, section)


def _leading_value(number: str) -> float | None:
    match = re.match(r"\d+(?:\.\d+)?", number)
    return float(match.group()) if match else None


def _named_phases(roadmap: Roadmap, line: str) -> None:
    """Record every phase a line names: `Phase 27`, `Phases 3, 4 and 5`, `Phases 57-62`."""
    for match in PHASE_NAMED.finditer(line):
        listed = match.group(1)
        if match.group(0)[5:6].lower() != "s":  # `Phase 1-02` names phase 1 (and a plan of it)
            listed = re.match(NUMBER, listed).group()
        for part in RANGE_PART.finditer(listed):
            first, last = _leading_value(part.group(1)), _leading_value(part.group(2))
            if first is not None and last is not None and first < last:
                roadmap.ranges.append((first, last))
        for number in re.findall(NUMBER, listed):
            if (normal := norm_number(number)) is not None:
                roadmap.named.add(normal)


def parse_roadmap(doc: Document) -> Roadmap:
    roadmap = Roadmap(doc)
    depth = 0  # <details> nesting
    backlog = False
    section: str | None = None
    for number, line in iter_text_lines(doc):
        lowered = line.lower()
        depth += lowered.count("<details") - lowered.count("</details>")
        depth = max(depth, 0)
        archived = depth > 0
        if "hase" in line:
            _named_phases(roadmap, line)
        if re.match(r"^#{1,3}\s", line):
            if re.match(r"^#{1,2}\s", line):
                backlog = "backlog" in lowered
            section = None
        heading = ROADMAP_SECTION.match(line)
        if heading:
            section = norm_number(heading.group(1))
            entry = roadmap.phases.get(section)
            if entry is None:
                roadmap.phases[section] = RoadmapPhase(section, number, None, heading.group(2).strip(),
                                                       archived, backlog or "backlog" in lowered)
            continue
        item = ROADMAP_PHASE.match(line)
        if item:
            num = norm_number(item.group(2))
            existing = roadmap.phases.get(num)
            if existing is None or existing.status is None:
                plans = existing.plans if existing else []
                roadmap.phases[num] = RoadmapPhase(num, number, item.group(1), item.group(3).strip(),
                                                   archived, backlog, plans)
            continue
        entry = plan_line(line, number, archived, section)
        if entry:
            roadmap.plans.append(entry)
            if section in roadmap.phases:
                roadmap.phases[section].plans.append(entry)
            continue
        if re.match(r"^\s*(?:[-*+]\s+)?\**deferred\b", lowered):
            roadmap.deferred.update(REQUIREMENT_ID.findall(line))
            continue
        row = TABLE_ROW_PHASE.match(line)
        if row and not archived:
            cells = [c.strip().lower() for c in line.strip().strip("|").split("|")]
            if any(c.startswith("complete") for c in cells[1:]):
                roadmap.table_complete.setdefault(norm_number(row.group(1)), number)
    return roadmap


# -- requirements ------------------------------------------------------------------------------------

DEFERRED_HEADING = lazyre.compile(r"out of scope|future|deferred|v2|later|backlog|won'?t|not in scope", re.I)
DEFINITION = lazyre.compile(r"^\s*(?:[-*+]\s+)?(?:\[([ xX])\]\s+)?\*\*([A-Z][A-Z0-9]{1,11}(?:-[A-Z][A-Z0-9]*)*-\d{1,4}[a-z]?)\*\*")
PLAN_REF = lazyre.compile(rf"\bPlans?\s+({NUMBER})-(\d+[a-z]?)", re.I)
RANGE = lazyre.compile(r"\b([A-Z][A-Z0-9]{1,11}(?:-[A-Z][A-Z0-9]*)*)-(\d{1,4})\s*(?:\.\.|–|—|to)\s*(?:\1-)?(\d{1,4})\b")


def _collect_requirements(tree: PlanningTree, doc: Document, archived: bool) -> None:
    deferred = False
    table_header: list[str] | None = None
    for number, line in iter_text_lines(doc):
        if line.startswith("#"):
            deferred = bool(DEFERRED_HEADING.search(line))
            table_header = None
            continue
        match = DEFINITION.match(line)
        if match:
            rid = match.group(2)
            requirement = Requirement(rid, doc, number, match.start(2) + 1, deferred or archived,
                                      None if match.group(1) is None else match.group(1) in "xX")
            requirement.plans = [(norm_number(a), norm_number(b)) for a, b in PLAN_REF.findall(line)]
            tree.requirements.setdefault(rid, []).append(requirement)
            continue
        stripped = line.strip()
        if stripped.startswith("|"):
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if table_header is None:
                table_header = [c.lower() for c in cells]
                continue
            if set("".join(cells)) <= set("-: "):
                continue
            _table_row(tree, doc, number, line, cells, table_header, deferred or archived)
        else:
            table_header = None


def _table_row(tree, doc, number, line, cells, header, deferred) -> None:
    if not header or not re.match(r"^(req|requirement|id)", header[0]):
        return
    phase_col = next((i for i, h in enumerate(header) if h.startswith("phase")), None)
    phase = None
    if phase_col is not None and phase_col < len(cells):
        found = re.search(rf"({NUMBER})", cells[phase_col])
        phase = norm_number(found.group(1)) if found else None
    first = cells[0].strip("* `")
    ids = _expand(first)
    for rid in ids:
        for requirement in tree.requirements.get(rid, []):
            if requirement.doc is doc and requirement.phase is None:
                requirement.phase = phase
        if rid not in tree.requirements or all(r.doc is not doc for r in tree.requirements[rid]):
            column = line.find(first.split("..")[0]) + 1
            tree.requirements.setdefault(rid, []).append(
                Requirement(rid, doc, number, max(column, 1), deferred, None, phase))


def _expand(text: str) -> list[str]:
    """'STORE-01..04' -> STORE-01 .. STORE-04; 'CLEAN-01' -> [CLEAN-01]; anything else -> []."""
    ranged = RANGE.fullmatch(text.strip())
    if ranged:
        prefix, low, high = ranged.group(1), int(ranged.group(2)), int(ranged.group(3))
        width = len(ranged.group(2))
        if 0 <= high - low <= 200:
            return [f"{prefix}-{str(n).zfill(width)}" for n in range(low, high + 1)]
    single = REQUIREMENT_ID.fullmatch(text.strip())
    return [single.group(1)] if single else []


def cited_requirements(doc: Document, key: str = "requirements") -> list[tuple[str, str]]:
    """IDs a PLAN (`requirements`) or SUMMARY (`requirements-completed`) lists: (id, key path)."""
    value = doc.meta.get(key)
    if value is None and key == "requirements-completed":
        value = doc.meta.get("requirements_completed")
        key = "requirements_completed"
    out = []
    items = value if isinstance(value, list) else [value] if isinstance(value, str) else []
    for index, item in enumerate(items):
        if isinstance(item, dict) and len(item) == 1:
            item = next(iter(item))  # '- VDI-001: text' parsed as a one-key mapping
        if isinstance(item, str):
            for rid in REQUIREMENT_ID.findall(item):
                out.append((rid, f"{key}[{index}]"))
    return out


# -- multi-file examples (rule documentation and tests) -------------------------------------------

EXAMPLE_FILE = lazyre.compile(r"^<!--\s*file:\s*(\S+)\s*-->\s*$")


def example_sections(text: str) -> list[tuple[str, str]]:
    """A rule example written as several files (`<!-- file: PATH -->` lines): (path, text) each;
    a plain example is no sections. Sections outside the planning tree (source, tests: not `.md`,
    not under `.planning/`) are repository files that verify examples are checked against."""
    lines = text.split("\n")
    if not lines or not EXAMPLE_FILE.match(lines[0]):
        return []
    sections: list[tuple[str, list[str]]] = []
    for line in lines:
        match = EXAMPLE_FILE.match(line)
        if match:
            sections.append((match.group(1), []))
        else:
            sections[-1][1].append(line)
    return [(name, "\n".join(body).strip("\n") + "\n") for name, body in sections]


def _planning_file(name: str) -> bool:
    """A section that is part of the planning tree (a document, or `.planning/config.json`)
    rather than of the repository the documents describe."""
    return name.endswith(".md") or ".planning/" in f"/{name}"


def example_documents(text: str, path: str) -> tuple[list[Document], tuple[str, ...]]:
    """The planning documents of a rule example (see example_sections).

    A plain text is one document and no folder counts as completely read; a multi-file example
    is a whole tree, so the folder holding all of its documents counts as read."""
    sections = [(n, b) for n, b in example_sections(text) if _planning_file(n)]
    if not sections:
        return [Document.from_text(text, path)], ()
    docs = [Document.from_text(body, name) for name, body in sections]
    common = os.path.commonpath([os.path.dirname(d.abspath) for d in docs])
    return docs, (common,)


CONFIG_NAME = "config.json"  # GSD's settings, next to the ROADMAP: the one non-markdown tree file
CONFIG_LIMIT = 1 << 20


def config_files(scanned) -> list[tuple[str, bytes]]:
    """The `config.json` files a run over the `scanned` folders may read (PP741), with their
    bytes: the lint run cache keys on them."""
    from planproof.document import read_inside

    out = []
    for folder in scanned:
        for where in (folder, os.path.join(folder, ".planning")):
            path = os.path.join(where, CONFIG_NAME)
            data = read_inside(path, where, CONFIG_LIMIT)
            if data is not None:
                out.append((path, data))
    return out
