"""The one pass over a document that judges every repository claim it makes, at one point in
history (the work tree, or a commit through an EvidenceView): which judges run for which kind."""

from __future__ import annotations

from planproof.rules.repository.artifacts import judge_artifacts, judge_gap_artifacts
from planproof.rules.repository.counts import judge_counts
from planproof.rules.repository.key_links import judge_key_links
from planproof.rules.repository.listed_files import (
    judge_context_refs, judge_files_modified, judge_key_files,
)
from planproof.rules.repository.manual_checks import list_manual_checks
from planproof.rules.repository.verdicts import Outcomes, Verdicts

JUDGES_BY_KIND = {
    "PLAN": (judge_artifacts, judge_key_links, judge_files_modified, judge_context_refs),
    "VERIFICATION": (judge_gap_artifacts,),
    "SUMMARY": (judge_key_files,),
}
EVERY_KIND = (judge_counts, list_manual_checks)


def check_document(doc, ev, judged_at: dict | None = None) -> Outcomes:
    """Every claim of `doc` judged against `ev` (Evidence, or an EvidenceView at a commit)."""
    verdicts = Verdicts(doc, ev, judged_at)
    for judge in (*JUDGES_BY_KIND.get(doc.kind, ()), *EVERY_KIND):
        judge(verdicts)
    return verdicts.outcomes
