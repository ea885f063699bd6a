"""Claims have a date: each document's repository claims are judged at the commit that recorded
them (evidence/timeline.py), and told apart in three verdicts:

1. false when written: the claim fails at the recording commit -> the usual PP5xx code (the
   evidence's `judged_at` names the commit);
2. true when written, changed since: it holds at the recording commit and fails in the work tree
   -> PP532 (info by default), saying what changed, in which commit and when;
3. holds: nothing is reported.

PP533 says, once per repository and reason, when history cannot be used (no git, a shallow clone
missing the recording commits, a revision git cannot resolve) or when the history is a squashed
import (every document recorded by one commit).
"""

from __future__ import annotations

import os
import re

from planproof.findings import FILE_START, Severity, Violation
from planproof.rules import rule
from planproof.rules.examples import SOURCES

CLAIM_CODES = ("PP501", "PP502", "PP503", "PP504", "PP510", "PP520", "PP521", "PP522",
               "PP540", "PP541")
PLAN_NUMBER = re.compile(r"^(\d+(?:\.\d+)?[a-z]?)-(\d+[a-z]?)-", re.I)
PHASE_NUMBER = re.compile(r"^(\d+(?:\.\d+)?[a-z]?)-", re.I)


def judge(doc, ctx, checker):
    """The PP5xx outcomes of `doc`, each claim judged when it was written (see module doc)."""
    timeline = ctx.evidence.timeline
    point = timeline.point(doc)
    if point.kind != "commit":
        return checker(doc, ctx, judged_at=point.judged_at(timeline.as_of)).run()
    judged_at = point.judged_at(timeline.as_of)
    snapshot = timeline.snapshot(doc, point.commit, point.top)
    view = snapshot.view(point.path, judged_at)
    then = _run_at(doc, ctx, checker, snapshot, view)
    if timeline.as_of != "written":
        return then
    references = _references_when_planned(doc, ctx, checker, point, then)
    references.update(_committed_later(doc, ctx.evidence, point, then, "PP522", archived_only=True))
    merge = _history(point).merges_for(point.commit.sha, _tags(doc)) if _claims(then) else None
    if merge is not None:
        # made on a side branch: a claim holds if it holds where the branch joined the mainline
        judged_at["merged_in"] = merge.sha
        merged_snapshot = timeline.snapshot(doc, merge, point.top)
        merged = _run_at(doc, ctx, checker, merged_snapshot,
                         merged_snapshot.view(point.path, judged_at))
        _keep_failing_in_both(then, merged)
    references.update(_lines_written_earlier(doc, ctx, checker, point, then))
    if merge is None and not references and snapshot.same_as_work_tree(view, doc):
        return then  # nothing the document claims has changed since: no drift to look for
    now = checker(doc, ctx, judged_at={"work_tree": True, "why": "today, to find what changed"}).run()
    _add_drift(doc, ctx.evidence, point, then, now, references)
    return then


def _references_when_planned(doc, ctx, checker, point, then) -> dict:
    """A plan's `@` context references are what its executor read before starting: one that
    fails at the SUMMARY's commit (the plan's own work may have deleted it) holds if it held just
    before the plan's first tagged commit (`feat(31-01): ...`) or at the plan's own commit
    (planning documents are often committed after the work). {span: (commit, word)} of the
    references that held only there."""
    if doc.kind != "PLAN" or not then.get("PP521"):
        return {}
    timeline = ctx.evidence.timeline
    candidates = [(_history(point).before_work(_tags(doc)), "started"), (point.planned, "planned")]
    held: dict = {}
    for commit, word in candidates:
        failing = {v.span.as_tuple() for v in then.get("PP521")}
        if commit is None or commit.sha == point.commit.sha or not failing:
            continue
        snapshot = timeline.snapshot(doc, commit, point.top)
        judged_at = {**point.judged_at(timeline.as_of), "commit": commit.sha, "date": commit.date}
        there = {v.span.as_tuple() for v in
                 _run_at(doc, ctx, checker, snapshot, snapshot.view(point.path, judged_at)).get("PP521")}
        held.update({span: (commit, word) for span in failing - there})
        then.by_code["PP521"] = [v for v in then.get("PP521") if v.span.as_tuple() in there]
    held.update(_committed_later(doc, ctx.evidence, point, then))
    return held


def _committed_later(doc, ev, point, then, code="PP521", archived_only=False) -> dict:
    """Planning documents are often committed after the plans that read them (a gap-closure plan
    reads the VERIFICATION that is committed with the last plan): a reference to a planning
    document that git adds later is not false when written; git only cannot date it."""
    planning = point.path.split("/", 1)[0] + "/" if point.path and "/" in point.path else None
    history, held = _history(point), {}
    for violation in then.get(code):
        path = _git_path(violation, point, ev, doc)
        if planning is None or not path or not path.startswith(planning):
            continue
        added = [] if archived_only else _added_after(history, point.commit, path)
        added = added or _archived_later(doc, ev, point, violation, path)
        if added:
            held[violation.span.as_tuple()] = (added[0], "added")
    if code in then.by_code:
        then.by_code[code] = [v for v in then.get(code) if v.span.as_tuple() not in held]
    return held


def _lines_written_earlier(doc, ctx, checker, point, then) -> dict:
    """A document edited again after a claim's line was written (an audit with a section
    appended later) recorded that line earlier: a claim failing at the recording commit holds if
    it held at the oldest version that already had its lines unchanged (evidence/written.py).
    Plans are dated by their execution instead. {span: (commit, "line")} of those claims."""
    failing = {v.span.as_tuple(): v.span for code in CLAIM_CODES for v in then.get(code)}
    if doc.kind == "PLAN" or not failing:
        return {}
    from planproof.evidence.written import earlier_versions, version_lines, written_at

    timeline = ctx.evidence.timeline
    head_path = timeline.git_path(doc.abspath, point.top)
    versions = earlier_versions(_history(point), head_path, point.commit.sha)
    if not versions:
        return {}
    store = timeline.snapshot(doc, point.commit, point.top).store
    wanted = {n for span in failing.values() for n in range(span.line, span.last_line + 1)}
    dated = written_at(doc.lines, wanted, versions, version_lines(store, versions))
    by_version: dict = {}
    for key, span in failing.items():
        lines = range(span.line, span.last_line + 1)
        if all(n in dated for n in lines):  # dated by the newest of its lines
            by_version.setdefault(min((dated[n] for n in lines), key=versions.index), []).append(key)
    held: dict = {}
    for version, keys in by_version.items():
        snapshot = timeline.snapshot(doc, version.commit, point.top)
        judged_at = {**point.judged_at(timeline.as_of), "commit": version.commit.sha,
                     "date": version.commit.date}
        there = _claims(_run_at(doc, ctx, checker, snapshot, snapshot.view(version.path, judged_at)))
        held.update({key: (version.commit, "line") for key in keys if key not in there})
    for code in CLAIM_CODES:
        if code in then.by_code:
            then.by_code[code] = [v for v in then.get(code) if v.span.as_tuple() not in held]
    return held


def _added_after(history, commit, path: str) -> list:
    return [c for c, status, _ in history.changes_after(commit, [path]).get(path, [])
            if status == "A"]


def _archived_later(doc, ev, point, violation, path: str) -> list:
    """GSD writes a milestone audit at `.planning/vX.Y-MILESTONE-AUDIT.md`, leaves it untracked,
    and commits it first under `.planning/milestones/` when it archives the milestone: a path git
    never had, whose archived copy git adds later, is not false when written either."""
    from planproof.evidence.locate import archived_candidates

    history = _history(point)
    if history.ever_committed(path):
        return []  # it had a life at that path: where it went is the usual question
    for candidate in archived_candidates(ev.root_for(doc), violation.evidence["resolved"]):
        added = _added_after(history, point.commit, _top_relative(candidate, point, ev, doc))
        if added:
            return added
    return []


def _tags(doc) -> set[str]:
    """The commit-subject tags of the work a document records: `15-03` for a plan, `15` for a
    phase VERIFICATION."""
    from planproof.evidence.history import normal_tag

    name = os.path.basename(doc.path)
    plan = PLAN_NUMBER.match(name)
    if plan and doc.kind in ("PLAN", "SUMMARY"):
        return {normal_tag(f"{plan.group(1)}-{plan.group(2)}")}
    phase = PHASE_NUMBER.match(name)
    return {normal_tag(phase.group(1))} if phase and doc.kind == "VERIFICATION" else set()


def _run_at(doc, ctx, checker, snapshot, view):
    """Check `doc` at one commit: a probe run records what the checks will ask, git answers all
    of it in two round trips (paths, then blobs), then the document is checked for real."""
    probe = snapshot.view(None, view.judged_at, probe=True)
    probe._base = view._base
    checker(doc, ctx, view=probe).run()
    snapshot.prefetch(probe)
    return checker(doc, ctx, view=view).run()


def _claims(outcomes) -> set:
    return {v.span.as_tuple() for code in CLAIM_CODES for v in outcomes.get(code)}


def _keep_failing_in_both(then, merged) -> None:
    failing = _claims(merged)
    for code in CLAIM_CODES:
        kept = [v for v in then.get(code) if v.span.as_tuple() in failing]
        if code in then.by_code:
            then.by_code[code] = kept


def _add_drift(doc, ev, point, then, now, references: dict) -> None:
    """Claims that fail now but held at the recording commit become PP532."""
    failed_then = _claims(then)
    drifted = [(code, v) for code in CLAIM_CODES for v in now.get(code)
               if v.span.as_tuple() not in failed_then]
    if not drifted:
        return
    history = _history(point)
    for code, violation in drifted:
        path = _git_path(violation, point, ev, doc)
        commit, word = references.get(violation.span.as_tuple(), (point.commit, "completed"))
        added = commit if word == "added" else None
        commit = point.commit if added else commit
        changes = history.changes_after(commit, [path]).get(path, []) if path else []
        then.add("PP532", _drift(code, violation, point, _label(doc, "completed" if added else word),
                                 path, changes, commit, added))


def _history(point):
    from planproof.evidence.history import history_of

    return history_of(point.top)


def _changed_path(violation) -> str | None:
    evidence = violation.evidence
    for key in ("resolved", "from_resolved"):
        if isinstance(evidence.get(key), str) and evidence[key] not in ("", "."):
            return evidence[key]
    searched = evidence.get("searched")
    return searched[0] if isinstance(searched, list) and searched else None


def _git_path(violation, point, ev, doc) -> str | None:
    relative = _changed_path(violation)
    return None if relative is None else _top_relative(relative, point, ev, doc)


def _top_relative(relative: str, point, ev, doc) -> str:
    prefix = os.path.relpath(os.path.realpath(ev.root_for(doc)), os.path.realpath(point.top))
    return relative if prefix == "." else f"{prefix.replace(os.sep, '/')}/{relative}"


def _label(doc, word: str = "completed") -> str:
    name = os.path.basename(doc.path)
    if word == "line":
        return "its line was written"
    plan = PLAN_NUMBER.match(name)
    if plan and doc.kind in ("PLAN", "SUMMARY"):
        return f"{plan.group(1)}-{plan.group(2)} was {word}"
    phase = PHASE_NUMBER.match(name)
    if phase and doc.kind == "VERIFICATION":
        return f"phase {phase.group(1)} was verified"
    return f"{name} was written"


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
    return Violation(message, violation.span,
                     "the document describes the repository when it was written; update it if it "
                     "should describe today's, or raise PP532 to warning to keep documents current",
                     evidence, None)


def _shown(violation, path: str | None) -> str:
    return _changed_path(violation) or path or "the file"


# ---------------------------------------------------------------------------------- PP533

def history_notices(docs, ctx):
    """One finding per (repository, reason) whose documents could not be judged when written."""
    timeline = ctx.evidence.timeline
    groups: dict[tuple, list] = {}
    for doc in docs:
        if doc.skipped or doc.kind not in ("PLAN", "SUMMARY", "VERIFICATION"):
            continue
        point = timeline.point(doc)
        if point.kind == "unknown":
            reason = point.reason.split(":")[0]
            groups.setdefault((point.top, reason, point.reason), []).append(doc)
        elif point.kind == "commit" and point.imported:
            groups.setdefault((point.top, "squashed", point.commit.sha), []).append(doc)
    for (top, reason, detail), members in groups.items():
        yield members[0], _notice(reason, detail, members, top, timeline.as_of)


NOTICES = {
    "no-repository": "no git repository: {n} documents are judged against the work tree, not "
                     "when they were written",
    "no-git": "git cannot be run: {n} documents are judged against the work tree",
    "git-failed": "git failed ({detail}): {n} documents are judged against the work tree",
    "no-commits": "the repository has no commits: {n} documents are judged against the work tree",
    "shallow": "shallow clone: the commits that recorded {n} documents are not in it; they are "
               "judged against the work tree",
    "bad-revision": "--as-of {as_of}: {detail}; {n} documents are judged against the work tree",
    "squashed": "{n} documents were all recorded by one import commit {detail:.7} (a squashed "
                "history): their claims are judged at that commit, whatever their real dates",
}


def _notice(reason, detail, members, top, as_of) -> Violation:
    message = NOTICES.get(reason, "{n} documents are judged against the work tree: {detail}")
    message = message.format(n=len(members), detail=detail.split(": ", 1)[-1], as_of=as_of)
    hints = {"shallow": "fetch the full history (CI: fetch-depth: 0)",
             "squashed": "nothing to fix; dates of claims are unknown in this history"}
    severity = Severity.INFO if reason in ("squashed", "no-repository") else None
    return Violation(message, FILE_START,
                     hints.get(reason, "run verify inside a git clone with full history"),
                     {"reason": reason, "detail": detail, "repository": top,
                      "documents": [d.path for d in members[:50]], "count": len(members)}, severity)


def _drift_reporter(doc, ctx):
    if doc.skipped:
        return []
    from planproof.rules.repository import _outcomes

    return _outcomes(doc, ctx).get("PP532")


KEY_FILE_SUMMARY = SOURCES + """
<!-- file: .planning/phases/01-parser/01-01-SUMMARY.md -->
---
phase: "01"
key-files:
  created: [src/parser.py]
---
# Summary
"""

rule("PP532", "claim-changed-since", "info", mode="verify", example_path="01-01-SUMMARY.md",
     summary="A claim held when its document was written; the repository has changed since.",
     what="""
        Every repository claim (artifacts, contains, min_lines, exports, key links,
        files_modified, key-files, @references, line and test counts) is judged at the commit
        that recorded it: a SUMMARY's or VERIFICATION's last content change (archiving moves are
        followed back), a PLAN's SUMMARY; a line kept unchanged from an earlier version of a
        document edited later (an audit with a section appended) is judged at that version too.
        A claim that held then and fails in the work tree is
        reported here instead of as an error, with the commit that changed it:
        "k8s/base/nominatim.yaml existed when 28-01 was completed (164f7b2, 2026-04-04); deleted
        in 6c5798d (2026-04-05, feat(31-01): ...)". `--as-of now` judges every claim against the
        work tree instead; `--as-of REV` at one commit.
     """,
     why="""
        Later phases delete, rename and rewrite what earlier phases built. That is the normal
        evolution of a project, not a wrong document; a team that wants documents kept current
        can raise this code to a warning (`severity = { PP532 = "warning" }`).
     """,
     bad="(a SUMMARY whose key file was committed with it and deleted by a later phase)",
     good=KEY_FILE_SUMMARY)(_drift_reporter)

rule("PP533", "history-unavailable", "warning", mode="verify", scope="tree",
     example_path="01-01-SUMMARY.md",
     summary="Claims cannot be judged when they were written: no usable history (said once).",
     what="""
        One finding per repository and reason: git is missing, the folder is not a git
        repository, a shallow clone lacks the commits that recorded the documents, or
        `--as-of REV` names nothing git knows; those documents are judged against the work tree.
        A squashed history (one import commit adding the documents of many phases) is reported at
        info: the claims are judged at that commit.
     """,
     why="""
        Judged against today's tree, finished phases report the project's later changes as
        errors; the user must know that the dates of the claims were not available.
     """,
     bad="(a SUMMARY verified in a shallow clone that lacks its commit)",
     good=KEY_FILE_SUMMARY)(history_notices)
