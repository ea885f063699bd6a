"""PP532-PP533: claims judged when their document was written (rules/repository/when_written.py).

PP532 reports a claim that held at the commit that recorded its document and fails in the work
tree today. PP533 says, once per repository and reason, when history cannot be used (no git, a
shallow clone missing the recording commits, a revision git cannot resolve) or when the history
is a squashed import (every document recorded by one commit).
"""

from __future__ import annotations

from planproof.findings import FILE_START, Severity, Violation
from planproof.rules import rule
from planproof.rules.examples import SOURCES
from planproof.rules.repository.rule_findings import findings_for


KEY_FILE_SUMMARY = SOURCES + """
<!-- file: .planning/phases/01-parser/01-01-SUMMARY.md -->
---
phase: "01"
key-files:
  created: [src/parser.py]
---
# Summary
"""


@rule("PP532", "claim-changed-since", "info", mode="verify", example_path="01-01-SUMMARY.md",
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
      good=KEY_FILE_SUMMARY)
def claim_changed_since(doc, ctx):
    return findings_for("PP532", doc, ctx)


@rule("PP533", "history-unavailable", "warning", mode="verify", scope="tree",
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
      good=KEY_FILE_SUMMARY)
def history_unavailable(docs, ctx):
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
