"""PP570-PP577 judged when the plan was recorded, like every verify claim (rules/drift.py).

An executed PLAN's artifacts are read at the commit that recorded it (its SUMMARY's commit, see
evidence/timeline.py), through the same commit view the PP5xx artifact rules use (blobs read
once per run, a blob identical to the work-tree file answered from the work tree's read):

- stubs (PP570-PP575): with `--as-of written`, a stub site is reported when it was there at the
  recording commit and is still there today (matched by kind, function and text, reported at
  today's line). A stub fixed since is no finding; a stub added since is not what the plan
  recorded, so it is no finding either. With `--as-of REV` the stubs at REV are reported.
- wiring (PP576-PP577): the source index (who imports a file) is of the work tree only, so an
  artifact is judged for wiring only when its content in the work tree equals its content at the
  recording commit; a changed artifact is not judged.

With `--as-of now`, without git, or for a plan judged against the work tree (its SUMMARY is
uncommitted or modified), everything is judged against the work tree.
"""

from __future__ import annotations

from dataclasses import dataclass



@dataclass(frozen=True, slots=True)
class Judged:
    judged_at: dict  # as in every verify finding's evidence
    view: object | None  # an EvidenceView at the judged commit; None: the work tree is judged
    still_there: bool  # a stub must be there today too (`--as-of written`)


def judged(doc, ctx) -> Judged:
    """Where `doc`'s artifacts are judged (computed once per document and run)."""
    return ctx.evidence.memo(doc, "pp57-judged", lambda: _judged(doc, ctx))


def _judged(doc, ctx) -> Judged:
    from planproof.rules.substance import executed_artifacts

    timeline = ctx.evidence.timeline
    point = timeline.point(doc)
    judged_at = point.judged_at(timeline.as_of)
    if point.kind != "commit":
        return Judged(judged_at, None, False)
    snapshot = timeline.snapshot(doc, point.commit, point.top)
    view = snapshot.view(point.path, judged_at)
    probe = snapshot.view(None, judged_at, probe=True)  # what git is asked, in two round trips
    probe._base = view._base
    for _, _, resolved in executed_artifacts(doc, ctx, probe):
        probe.repo.read(resolved.abspath)
    snapshot.prefetch(probe)
    from planproof.evidence.timeline import WRITTEN  # verify only: kept off lint's start-up

    return Judged(judged_at, view, timeline.as_of == WRITTEN)


def scan_key(view, resolved) -> str | None:
    """The memo slot of an artifact's stub scan at the view's commit: the work-tree file when it
    holds the same bytes (one scan serves both), else the blob; None when not a file there."""
    where, source = view.repo.source(resolved.abspath)
    if where == "work":
        return source
    return f"{resolved.relative}@{source}" if where == "blob" else None


def still_there(then: list, now: list) -> list:
    """Today's stub sites that were already there at the judged commit (lines move; the kind,
    function and text do not)."""
    recorded = {(s.kind, s.name, s.detail) for s in then}
    return [s for s in now if (s.kind, s.name, s.detail) in recorded]


def unchanged_since(doc, when: Judged, written: str, resolved_now) -> bool:
    """Is the artifact's content in the work tree the same as at the judged commit? (Always true
    when the work tree is judged.) Wiring is judged only then: the source index is of today."""
    if when.view is None:
        return True
    then = when.view.resolve(doc, written)
    return then.is_file and when.view.repo.source(then.abspath) == ("work", resolved_now.abspath)
