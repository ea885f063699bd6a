"""Phase numbers, plan ids and requirement ids: parsed one way, formatted one way.

A phase number is kept normalised ('9.1', '12', '15a'); a plan id is (phase, plan), e.g.
('9.1', '2'). Both are shown the way GSD names the files: `09.1-02`, `15-04a`.
"""

from __future__ import annotations

import os
import re

from planproof import lazyre

DOTTED = r"\d+(?:\.\d+)*"  # '9', '09.1', '1.2.3'
NUMBER = rf"{DOTTED}[a-z]?"  # a phase or plan number as written: '09.1', '04a', '12'
PLAN_NUMBER = r"\d+[a-z]?"
MILESTONE = rf"v{DOTTED}"  # a milestone version: 'v1.2'
REQUIREMENT_PREFIX = r"[A-Z][A-Z0-9]{1,11}(?:-[A-Z][A-Z0-9]*)*"
REQUIREMENT_ID_TEXT = rf"{REQUIREMENT_PREFIX}-\d{{1,4}}[a-z]?"  # 'AUTH-01', 'VDI-001', 'CORE-API-3a'
REQUIREMENT_ID = lazyre.compile(rf"\b({REQUIREMENT_ID_TEXT})\b")

PHASE_FOLDER = lazyre.compile(rf"^(?:phase[ _-]?)?({NUMBER})(?:[-_ ]|$)", re.I)
STEM_ID = lazyre.compile(rf"^({NUMBER})-(.+)$", re.I)
PLAN_TOKEN = lazyre.compile(rf"^{PLAN_NUMBER}$", re.I)
NUMBERED_STEM = lazyre.compile(rf"^({DOTTED})-({PLAN_NUMBER})(?:-|$)", re.I)
NUMBER_WITH_SLUG = lazyre.compile(rf"^({DOTTED})([a-z]?)(?=$|[-_ ])")
NUMBER_ONLY = lazyre.compile(rf"^({DOTTED})([a-z]?)$")
PHASE_PLAN = lazyre.compile(rf"^\s*{NUMBER}-({PLAN_NUMBER})\s*$", re.I)
PLAN_OR_SUMMARY_NAME = lazyre.compile(r"-(?:PLAN|SUMMARY)\.md$", re.I)

PlanId = tuple[str, str]


def number(value, slug: bool = True) -> str | None:
    """'09.1' -> '9.1', '04a' -> '4a', 5 -> '5', and with `slug` '05-coverage' -> '5';
    None when not numbered."""
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip().lower()
    match = (NUMBER_WITH_SLUG if slug else NUMBER_ONLY).match(text)
    if not match:
        return None
    return ".".join(str(int(p)) for p in match.group(1).split(".")) + match.group(2)


def exact_number(value) -> str | None:
    """A value that is exactly a number ('09.1' -> '9.1', 3 -> '3'); None otherwise."""
    return number(value, slug=False)


def plan_number(value, slug: bool = True) -> str | None:
    """A `plan:` value as a plan number: 2, '02' and the phase-plan form '22-02' -> '2'."""
    match = PHASE_PLAN.match(value) if isinstance(value, str) else None
    return number(match.group(1)) if match else number(value, slug)


def phase_folder_number(folder: str) -> str | None:
    """`05-coverage` -> '5', `phase_21` -> '21', `09.1-x` -> '9.1'; None for other folders."""
    match = PHASE_FOLDER.match(os.path.basename(folder))
    return exact_number(match.group(1)) if match else None


def stem_of(path: str, kind: str) -> str | None:
    """'12-03-PLAN.md' -> '12-03'; 'PLAN.md' -> ''; None when the name does not end in -KIND.md."""
    match = re.match(rf"^(?:(.*)-)?{kind}\.md$", os.path.basename(path), re.I)
    return None if match is None else (match.group(1) or "")


def sibling_name(path: str, kind: str, sibling: str) -> str | None:
    """The file next to a KIND document that belongs to the same plan, written in the same case:
    ('01-02-PLAN.md', 'PLAN', 'SUMMARY') -> '01-02-SUMMARY.md', ('plan.md', ...) -> 'summary.md';
    None when the name does not end in KIND.md."""
    name = os.path.basename(path)
    match = re.search(rf"({kind})(\.md)$", name, re.I)
    if match is None:
        return None
    word = sibling.lower() if match.group(1)[:4].islower() else sibling
    return name[:match.start()] + word + match.group(2)


def named_plan(path: str, kind: str) -> PlanId | None:
    """The plan a PLAN or SUMMARY file's name gives: '28-01-PLAN.md' -> ('28', '1'),
    '29-cutover-01-SUMMARY.md' -> ('29', '1'); None when the name has no plan id."""
    stem = stem_of(path, kind)
    return plan_id(stem) if stem else None


def work_tag(tag: str) -> str:
    """A commit subject's tag (`feat(07-01): ...`) compared as numbers: 'phase-07' / '07' -> '7',
    '07-01' -> '7-1', '09.1-02' -> '9.1-2'; parts that are not numbers are kept (lowercased)."""
    text = tag.strip().lower().removeprefix("phase-")
    return "-".join(exact_number(part) or part for part in text.split("-"))


def plan_id(stem: str) -> PlanId | None:
    """'12-03' -> ('12', '3'); '29-argocd-cutover-01' -> ('29', '1'); '84-01a-shared' -> ('84', '1a')."""
    match = STEM_ID.match(stem)
    if not match:
        return None
    phase, rest = match.groups()
    tokens = rest.split("-")
    plan = tokens[0] if PLAN_TOKEN.match(tokens[0]) else next(
        (t for t in reversed(tokens) if PLAN_TOKEN.match(t)), None)
    if plan is None:
        return None
    return exact_number(phase), exact_number(plan)


def id_from_name(path: str) -> PlanId | None:
    """`05-05-PLAN.md` -> ('5', '5'); `09.1-02-PLAN.md` -> ('9.1', '2'); `15-04a-PLAN.md` ->
    ('15', '4a'); None for names that do not start with phase-plan numbers.

    The strict reading, for the rules that hold frontmatter to the name (PP312, PP314-PP316): where
    `named_plan` finds plan 1 in `29-cutover-01-PLAN.md` by guessing past the slug (right for
    pairing a PLAN with its SUMMARY), this says nothing, so a guess is never reported as a
    mismatch."""
    name = os.path.basename(path)
    match = NUMBERED_STEM.match(name)
    if not match or not PLAN_OR_SUMMARY_NAME.search(name):
        return None
    return number(match.group(1)), number(match.group(2))


def dependency_id(value, own_phase: str | None) -> PlanId | None:
    """A depends_on entry as (phase, plan): '05-04' -> ('5', '4'); '04' or 4 -> (own phase, '4');
    '20-01-PLAN.md' -> ('20', '1'); None when it cannot be read as a plan id."""
    if isinstance(value, bool) or value is None:
        return None
    text = os.path.basename(str(value).strip())
    match = NUMBERED_STEM.match(text)
    if match:
        return number(match.group(1)), number(match.group(2))
    plan = number(text) if re.fullmatch(PLAN_NUMBER, text, re.I) else None
    return (own_phase, plan) if plan is not None and own_phase is not None else None


def format_phase(phase: str) -> str:
    """'9.1' -> '09.1', '5' -> '05', '15a' -> '15a': the phase as GSD writes it in file names."""
    head, dot, tail = phase.partition(".")
    return head.zfill(2) + dot + tail


def format_plan(plan: str) -> str:
    """'2' -> '02', '4a' -> '04a': two digits at least, a letter after them."""
    digits = re.match(r"\d+", plan)
    return plan.zfill(2 + len(plan) - len(digits.group(0))) if digits else plan


def format_plan_id(pid: PlanId) -> str:
    """('9.1', '2') -> '09.1-02', ('15', '4a') -> '15-04a': the id as the file names say it."""
    phase, plan = pid
    return f"{format_phase(phase)}-{format_plan(plan)}"


def leading_value(number: str) -> float | None:
    """'9.1' -> 9.1, '12a' -> 12.0: a phase number's place on the number line."""
    match = re.match(r"\d+(?:\.\d+)?", number)
    return float(match.group()) if match else None
