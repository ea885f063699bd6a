"""Claims have a date: each document's repository claims are judged at the commit that recorded
them (evidence/timeline.py), and told apart in three verdicts:

1. false when written: the claim fails at the recording commit -> the usual PP5xx code (the
   evidence's `judged_at` names the commit);
2. true when written, changed since: it holds at the recording commit and fails in the work tree
   -> PP532 (info by default), saying what changed, in which commit and when (drift_findings.py);
3. holds: nothing is reported.

`document_outcomes` is what every PP5xx document rule reports from (rule_findings.py): computed
once per document and run (`ctx.memo`), each rule takes its own code.
"""

from __future__ import annotations

from planproof.rules.repository.document_pass import check_document
from planproof.rules.repository.drift_findings import (
    CLAIM_CODES, add_drift, claim_spans, git_path, recorded_work, top_relative,
)
from planproof.rules.repository.verdicts import Outcomes


def document_outcomes(doc, ctx) -> Outcomes:
    """The PP5xx outcomes of `doc`, judged when it was written (computed once per run)."""
    return ctx.memo.get(("repository-claims", doc.abspath), lambda: judge(doc, ctx))


def judge(doc, ctx) -> Outcomes:
    """The PP5xx outcomes of `doc`, each claim judged when it was written (see module doc)."""
    ev = ctx.evidence
    point, judged_at, snapshot, view = ev.timeline.where_judged(doc)
    if view is None:
        return check_document(doc, ev, judged_at)
    then = _run_at(doc, snapshot, view)
    if ev.timeline.as_of != "written":
        return then
    references = _references_when_planned(doc, ev, point, then)
    references.update(_committed_later(doc, ev, point, then, "PP522", archived_only=True))
    merged = _judged_where_merged(doc, ev, point, then, judged_at)
    references.update(_lines_written_earlier(doc, ev, point, then))
    if not merged and not references and snapshot.same_as_work_tree(view, doc):
        return then  # nothing the document claims has changed since: no drift to look for
    now = check_document(doc, ev, {"work_tree": True, "why": "today, to find what changed"})
    add_drift(doc, ev, point, then, now, references)
    return then


def _judged_where_merged(doc, ev, point, then, judged_at: dict) -> bool:
    """Made on a side branch: a claim holds if it holds where the branch joined the mainline.
    Keeps in `then` only the claims that fail at both commits; True when there was a merge."""
    merge = _history(ev, point).merges_for(point.commit.sha, _tags(doc)) if claim_spans(then) else None
    if merge is None:
        return False
    judged_at["merged_in"] = merge.sha
    snapshot = ev.timeline.snapshot(doc, merge, point.top)
    failing = claim_spans(_run_at(doc, snapshot, snapshot.view(point.path, judged_at)))
    then.keep(CLAIM_CODES, lambda v: v.span.as_tuple() in failing)
    return True


def _references_when_planned(doc, ev, point, then) -> dict:
    """A plan's `@` context references are what its executor read before starting: one that
    fails at the SUMMARY's commit (the plan's own work may have deleted it) holds if it held just
    before the plan's first tagged commit (`feat(31-01): ...`) or at the plan's own commit
    (planning documents are often committed after the work). {span: (commit, word)} of the
    references that held only there."""
    if doc.kind != "PLAN" or not then.get("PP521"):
        return {}
    timeline = ev.timeline
    candidates = [(_history(ev, point).before_work(_tags(doc)), "started"), (point.planned, "planned")]
    held: dict = {}
    for commit, word in candidates:
        failing = {v.span.as_tuple() for v in then.get("PP521")}
        if commit is None or commit.sha == point.commit.sha or not failing:
            continue
        snapshot = timeline.snapshot(doc, commit, point.top)
        judged_at = {**point.judged_at(timeline.as_of), "commit": commit.sha, "date": commit.date}
        there = {v.span.as_tuple() for v in
                 _run_at(doc, snapshot, snapshot.view(point.path, judged_at)).get("PP521")}
        held.update({span: (commit, word) for span in failing - there})
        then.keep(("PP521",), lambda v, there=there: v.span.as_tuple() in there)
    held.update(_committed_later(doc, ev, point, then))
    return held


def _committed_later(doc, ev, point, then, code="PP521", archived_only=False) -> dict:
    """Planning documents are often committed after the plans that read them (a gap-closure plan
    reads the VERIFICATION that is committed with the last plan): a reference to a planning
    document that git adds later is not false when written; git only cannot date it."""
    planning = point.path.split("/", 1)[0] + "/" if point.path and "/" in point.path else None
    history, held = _history(ev, point), {}
    for violation in then.get(code):
        path = git_path(violation, point, ev, doc)
        if planning is None or not path or not path.startswith(planning):
            continue
        added = [] if archived_only else _added_after(history, point.commit, path)
        added = added or _archived_later(doc, ev, point, violation, path)
        if added:
            held[violation.span.as_tuple()] = (added[0], "added")
    then.keep((code,), lambda v: v.span.as_tuple() not in held)
    return held


def _lines_written_earlier(doc, ev, point, then) -> dict:
    """A document edited again after a claim's line was written (an audit with a section
    appended later) recorded that line earlier: a claim failing at the recording commit holds if
    it held at the oldest version that already had its lines unchanged (evidence/written.py).
    Plans are dated by their execution instead. {span: (commit, "line")} of those claims."""
    failing = {v.span.as_tuple(): v.span for code in CLAIM_CODES for v in then.get(code)}
    if doc.kind == "PLAN" or not failing:
        return {}
    by_version = _failing_by_version(doc, ev, point, failing)
    held: dict = {}
    for version, keys in by_version.items():
        snapshot = ev.timeline.snapshot(doc, version.commit, point.top)
        judged_at = {**point.judged_at(ev.timeline.as_of), "commit": version.commit.sha,
                     "date": version.commit.date}
        there = claim_spans(_run_at(doc, snapshot, snapshot.view(version.path, judged_at)))
        held.update({key: (version.commit, "line") for key in keys if key not in there})
    then.keep(CLAIM_CODES, lambda v: v.span.as_tuple() not in held)
    return held


def _failing_by_version(doc, ev, point, failing: dict) -> dict:
    """{earlier version: span keys} of the failing claims whose lines that version already held
    unchanged, each dated by the newest of its lines."""
    from planproof.evidence.written import earlier_versions, version_lines, written_at

    timeline = ev.timeline
    head_path = timeline.git_path(doc.abspath, point.top)
    versions = earlier_versions(_history(ev, point), head_path, point.commit.sha)
    if not versions:
        return {}
    store = timeline.snapshot(doc, point.commit, point.top).store
    wanted = {n for span in failing.values() for n in range(span.line, span.last_line + 1)}
    dated = written_at(doc.lines, wanted, versions, version_lines(store, versions))
    by_version: dict = {}
    for key, span in failing.items():
        lines = range(span.line, span.last_line + 1)
        if all(n in dated for n in lines):
            by_version.setdefault(min((dated[n] for n in lines), key=versions.index), []).append(key)
    return by_version


def _added_after(history, commit, path: str) -> list:
    return [c for c, status, _ in history.changes_after(commit, [path]).get(path, [])
            if status == "A"]


def _archived_later(doc, ev, point, violation, path: str) -> list:
    """GSD writes a milestone audit at `.planning/vX.Y-MILESTONE-AUDIT.md`, leaves it untracked,
    and commits it first under `.planning/milestones/` when it archives the milestone: a path git
    never had, whose archived copy git adds later, is not false when written either."""
    from planproof.evidence.locate import archived_candidates

    history = _history(ev, point)
    if history.ever_committed(path):
        return []  # it had a life at that path: where it went is the usual question
    for candidate in archived_candidates(ev.root_for(doc), violation.evidence["resolved"]):
        added = _added_after(history, point.commit, top_relative(candidate, point, ev, doc))
        if added:
            return added
    return []


def _tags(doc) -> set[str]:
    """The commit-subject tags of the work a document records: `15-03` for a plan, `15` for a
    phase VERIFICATION."""
    plan, phase = recorded_work(doc)
    if plan:
        return {"-".join(plan)}
    return {phase} if phase else set()


def _run_at(doc, snapshot, view) -> Outcomes:
    """Check `doc` at one commit: a probe run records what the checks will ask, git answers all
    of it in two round trips (paths, then blobs), then the document is checked for real."""
    probe = snapshot.probe(view)
    check_document(doc, probe)
    snapshot.prefetch(probe)
    return check_document(doc, view)


def _history(ev, point):
    return ev.timeline.history(point.top)
