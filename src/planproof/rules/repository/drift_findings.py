"""PP532 findings: claims that held when their document was written and fail in the work tree
today, each told with the commit that changed the file ("k8s/base/nominatim.yaml existed when 28-01
was completed (164f7b2, 2026-04-04); deleted in 6c5798d (2026-04-05, feat(31-01): ...)")."""

from __future__ import annotations

import os

from planproof.findings import Violation
from planproof.planning import ids

CLAIM_CODES = ("PP501", "PP502", "PP503", "PP504", "PP510", "PP520", "PP521", "PP522",
               "PP540", "PP541")
HINT = ("the document describes the repository when it was written; update it if it should "
        "describe today's, or raise PP532 to warning to keep documents current")


def claim_spans(outcomes) -> set:
    """Where the failing claims of a pass are (their spans identify them across passes)."""
    return {v.span.as_tuple() for code in CLAIM_CODES for v in outcomes.get(code)}


def add_drift(doc, ev, point, then, now, references: dict) -> None:
    """Claims that fail now but held at the recording commit become PP532 in `then`.
    `references`: {span: (commit, word)} of claims that held at another commit than the point's."""
    failed_then = claim_spans(then)
    drifted = [(code, v) for code in CLAIM_CODES for v in now.get(code)
               if v.span.as_tuple() not in failed_then]
    if not drifted:
        return
    history = ev.timeline.history(point.top)
    for code, violation in drifted:
        path = git_path(violation, point, ev, doc)
        commit, word = references.get(violation.span.as_tuple(), (point.commit, "completed"))
        added = commit if word == "added" else None
        commit = point.commit if added else commit
        changes = history.changes_after(commit, [path]).get(path, []) if path else []
        label = _label(doc, "completed" if added else word)
        then.add("PP532", _drift(code, violation, point, label, path, changes, commit, added))


def _drift(code, violation, point, label, path, changes, commit, added=None) -> Violation:
    when = f"{label} ({commit.short}, {commit.date})"
    missing = violation.evidence.get("found") == "missing" or (
        code == "PP510" and violation.evidence.get("found") == "nothing")
    removal = next(((c, status, moved) for c, status, moved in reversed(changes)
                    if status in "DR"), None)
    deletion = removal[0] if removal else None
    first = changes[0][0] if changes else None
    if missing and path:
        message = (f"{_shown(violation, path)} was committed only after {when}, in "
                   f"{added.describe()}" if added else f"{_shown(violation, path)} existed when {when}")
        if removal is not None:
            how = f"moved to {removal[2]}" if removal[1] == "R" else "deleted"
            message += f"; {how} in {deletion.describe()}"
    else:
        message = f"{violation.message}; it held when {when}"
        if first is not None:
            later = len(changes) - 1
            message += f"; {_shown(violation, path)} changed in {first.describe()}" + (
                f" and {later} later commit{'s' if later != 1 else ''}" if later else "")
    cause = deletion if missing and deletion is not None else first
    evidence = {"verdict": "true when written, changed since", "claim_code": code,
                "written": {**commit.to_dict(), "document_path": point.path},
                "now": violation.evidence}
    if cause is not None:
        evidence["changed_in"] = cause.to_dict()
    return Violation(message, violation.span, HINT, evidence, None)


def _label(doc, word: str = "completed") -> str:
    name = os.path.basename(doc.path)
    if word == "line":
        return "its line was written"
    plan, phase = recorded_work(doc)
    if plan:
        return f"{ids.format_plan_id(plan)} was {word}"
    if phase:
        return f"phase {phase} was verified"
    return f"{name} was written"


def recorded_work(doc) -> tuple[ids.PlanId | None, str | None]:
    """(plan, phase) a document records: the plan of a PLAN or SUMMARY (`28-01-SUMMARY.md`), the
    phase of a VERIFICATION (`05-VERIFICATION.md` -> '5'), read from its name as the tree does."""
    if doc.kind in ("PLAN", "SUMMARY"):
        return ids.named_plan(doc.path, doc.kind), None
    if doc.kind == "VERIFICATION":
        return None, ids.number(os.path.basename(doc.path))
    return None, None


def _shown(violation, path: str | None) -> str:
    return _changed_path(violation) or path or "the file"


def _changed_path(violation) -> str | None:
    evidence = violation.evidence
    for key in ("resolved", "from_resolved"):
        if isinstance(evidence.get(key), str) and evidence[key] not in ("", "."):
            return evidence[key]
    searched = evidence.get("searched")
    return searched[0] if isinstance(searched, list) and searched else None


def git_path(violation, point, ev, doc) -> str | None:
    """The path a failing claim is about, relative to the git top-level folder."""
    relative = _changed_path(violation)
    return None if relative is None else top_relative(relative, point, ev, doc)


def top_relative(relative: str, point, ev, doc) -> str:
    """A root-relative path as a path relative to the git top-level folder."""
    prefix = os.path.relpath(os.path.realpath(ev.root_for(doc)), os.path.realpath(point.top))
    return relative if prefix == "." else f"{prefix.replace(os.sep, '/')}/{relative}"
