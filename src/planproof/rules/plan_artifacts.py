"""What PP570-PP577 judge: the file artifacts of executed PLANs, read where each plan was recorded.

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
uncommitted or modified), everything is judged against the work tree. A file listed by several
plans is reported once, at the last of them (`deduplicated`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Judged:
    judged_at: dict  # as in every verify finding's evidence
    view: object | None  # an EvidenceView at the judged commit; None: the work tree is judged
    still_there: bool  # a stub must be there today too (`--as-of written`)


def executed_artifacts(doc, ev):
    """(entry path, span of the path, resolved) for the existing file artifacts of an executed PLAN,
    as `ev` sees them (the run's Evidence, or an EvidenceView at a commit)."""
    if doc.kind != "PLAN" or doc.skipped or not ev.executed(doc):
        return []
    must = doc.meta.get("must_haves")
    entries = must.get("artifacts") if isinstance(must, dict) else None
    if not isinstance(entries, list):
        return []
    out = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
            continue
        resolved = ev.resolve(doc, entry["path"])
        if resolved.refused or not resolved.is_file:
            continue
        span = doc.frontmatter.span(f"must_haves.artifacts[{index}].path")
        out.append((entry["path"], span, resolved))
    return out


def judged(doc, ctx) -> Judged:
    """Where `doc`'s artifacts are judged (computed once per document and run)."""
    return ctx.memo.get(("plan-artifacts-judged", doc.abspath), lambda: _judged(doc, ctx))


def _judged(doc, ctx) -> Judged:
    _, judged_at, snapshot, view = ctx.evidence.timeline.where_judged(doc)
    if view is None:
        return Judged(judged_at, None, False)
    probe = snapshot.probe(view)  # what git is asked, in two round trips
    for _, _, resolved in executed_artifacts(doc, probe):
        probe.repo.read(resolved.abspath)
    snapshot.prefetch(probe)
    from planproof.evidence.timeline import WRITTEN  # verify only: kept off lint's start-up

    return Judged(judged_at, view, ctx.evidence.timeline.as_of == WRITTEN)


def stub_scan(ctx, resolved, view=None):
    """The stub sites of one artifact (at the view's commit), scanned once per file and run."""
    from planproof.evidence.stubs import StubScan, scan

    key = resolved.abspath if view is None else scan_key(view, resolved)
    if key is None:
        return StubScan("text", "not a file at this commit")

    def compute():
        text = (view or ctx.evidence).repo.read(resolved.abspath)
        if text.error:
            return StubScan("text", f"not read: {text.error}")
        result = scan(resolved.abspath, text.text)
        if text.truncated:
            result.notes.append("only the first part of the file was read")
        return result

    return ctx.memo.get(("stub-scan", key), compute)


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


def deduplicated(docs, ctx, key: str, per_plan) -> dict[str, list]:
    """Run `per_plan` on every PLAN; a finding about a file that several plans list as an
    artifact is reported once, at the last of them in path order (the most recent phase; archived
    milestones sort first), with the other plans in `also_listed_in`."""
    def compute():
        kept: dict[tuple, tuple] = {}
        for doc in sorted((d for d in docs if d.kind == "PLAN" and not d.skipped), key=lambda d: d.path):
            for code, violations in per_plan(doc, ctx).items():
                for violation in violations:
                    slot = (code, violation.message)
                    earlier = kept.get(slot)
                    others = (earlier[2] + [earlier[0].path]) if earlier else []
                    kept[slot] = (doc, violation, others)
        out: dict[str, list] = {}
        for (code, _), (doc, violation, others) in kept.items():
            if others:
                violation.evidence["also_listed_in"] = others
            out.setdefault(code, []).append((doc, violation))
        return out

    return ctx.memo.get(key, compute)
