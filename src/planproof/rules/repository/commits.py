"""PP530-PP531: commit hashes a SUMMARY cites, found in commit context only and checked with one
question to git for the whole run (evidence/git.py)."""

from __future__ import annotations

import re

from planproof import lazyre
from planproof.fences import prose_lines
from planproof.findings import Severity, Span, Violation
from planproof.rules import rule

HASH = lazyre.compile(r"(?<![\w#/.:@+=-])([0-9a-f]{7,40})(?![\w/@+=-]|\.\w)")
COMMIT_WORD = lazyre.compile(r"commit", re.I)
NOT_A_COMMIT = lazyre.compile(r"revision|migration|alembic|uuid|checksum|sha-?256|digest|color|colour|"
                              r"token|\bkey\b|\bid\b", re.I)
NEAR_NOT_A_COMMIT = lazyre.compile(r"\bpods?\b|replicaset|container|\bimage\b|actions/|\buses:|"
                                   r"\bpinned\b|\betag\b", re.I)
TABLE_RULE = lazyre.compile(r"^\s*\|?\s*:?-{3,}")
COMMIT_JUST_BEFORE = lazyre.compile(r"\bcommit(?:s|ted)?\b[\s:*`#(]{0,4}$", re.I)
FAIL_CLOSED = ("git-failed", "too-many")  # git was there but gave no answer: never a pass


def commit_claims(doc) -> list[tuple[str, int, int]]:
    """(hash, line, column) of commit hashes written in a SUMMARY body, in commit context only:
    a code span holding just the hash, a line that says 'commit', or a table cell of its own."""
    found = []
    header, previous = None, ""
    for number, line in prose_lines(doc):
        table = line.lstrip().startswith("|")
        if table and TABLE_RULE.match(line):
            header = [cell.strip() for cell in previous.strip().strip("|").split("|")]
        elif not table:
            header = None
        previous = line
        if any(c in line for c in "0123456789"):
            found += [(value, number, column) for value, column in _hashes(line, table, header)]
    return found


def _hashes(line: str, table: bool, header: list[str] | None):
    """(hash, column) of the hashes of one line that stand in commit context."""
    commit_line = COMMIT_WORD.search(line) is not None
    for match in HASH.finditer(line):
        value = match.group(1)
        if value.isdigit() or not any(c.isdigit() for c in value):
            continue
        before, after = line[:match.start()], line[match.end():]
        in_code = before.endswith("`") and after.startswith("`")
        own_cell = table and re.search(r"\|\s*`?$", before) and re.match(r"`?\s*(?:\|)", after)
        column = before.count("|") - 1 if own_cell and header else -1
        commit_column = 0 <= column < len(header or ()) and COMMIT_WORD.search(header[column])
        vetoed = NOT_A_COMMIT.search(line) is not None or NEAR_NOT_A_COMMIT.search(before[-30:])
        # `commit abc1234` or a Commit column is a commit whatever else the line says; a line
        # that also names a migration or a UUID, or a pod or pinned action just before, holds
        # other hex ids too
        if COMMIT_JUST_BEFORE.search(before) or commit_column or (
                (commit_line or in_code or own_cell) and not vetoed):
            yield value, match.start() + 1


def judge_commits(docs, ctx):
    """(document, violation) of every cited commit git does not have, and of every root whose
    commits cannot be checked (evidence `problem`)."""
    ev = ctx.evidence
    claims_by_root: dict[str, list] = {}
    for doc in docs:
        if doc.kind != "SUMMARY" or doc.skipped:
            continue
        claims = commit_claims(doc)
        if claims:
            claims_by_root.setdefault(ev.root_for(doc), []).append((doc, claims))
    for root, entries in sorted(claims_by_root.items()):
        hashes = sorted({h for _, claims in entries for h, _, _ in claims})
        answers = ev.commits(root, hashes)
        shown_root = ev.relative_root(entries[0][0])
        if answers.problem:
            yield _unchecked(entries, hashes, answers, shown_root)
            continue
        for doc, claims in entries:
            yield from ((doc, violation) for violation in _missing(claims, answers, shown_root))


def _unchecked(entries, hashes, answers, shown_root):
    doc, claims = entries[0]
    value, line, column = claims[0]
    return doc, Violation(
        f"{len(hashes)} commit hashes in {len(entries)} SUMMARY documents cannot be checked: "
        f"{answers.detail}", Span(line, column, line, column + len(value)),
        "run verify inside a git clone with full history (CI: fetch-depth: 0)",
        {"root": shown_root, "problem": answers.problem, "detail": answers.detail,
         "hashes": len(hashes), "documents": [d.path for d, _ in entries]},
        Severity.ERROR if answers.problem in FAIL_CLOSED else Severity.WARNING)


def _missing(claims, answers, shown_root):
    seen = set()
    for value, line, column in claims:
        status = answers.statuses.get(value)
        if status not in ("missing", "not-commit") or value in seen:
            continue
        seen.add(value)
        kind = answers.types.get(value, "object")
        message = (f"commit {value} does not exist in the repository" if status == "missing"
                   else f"{value} names a git {kind}, not a commit")
        hint = ("the history was rewritten, or the hash is mistyped"
                + ("; this is a shallow clone: fetch full history (fetch-depth: 0)"
                   if answers.shallow else ""))
        yield Violation(message, Span(line, column, line, column + len(value)), hint,
                        {"root": shown_root, "expected": {"commit": value}, "found": status,
                         "checked_with": "git cat-file --batch-check", "shallow": answers.shallow},
                        Severity.WARNING if answers.shallow or status != "missing" else None)


def _commit_findings(docs, ctx, unchecked: bool):
    """PP531's share (the roots that cannot be checked) or PP530's (the missing commits)."""
    results = ctx.memo.get("repository-commits", lambda: list(judge_commits(docs, ctx)))
    return [(doc, v) for doc, v in results if ("problem" in v.evidence) == unchecked]


_SUMMARY_WITH_HASH = """
    ---
    phase: "01"
    ---
    # Summary
    - **Task 1: parser** - `d0e1f2a3b4c5` (feat)
"""


@rule("PP530", "commit-not-found", "error", mode="verify", scope="tree",
      example_path="01-01-SUMMARY.md",
      summary="A commit hash in a SUMMARY does not exist in the git repository.",
      what="""
         Hashes (7-40 hex digits with a digit and a letter) count only in commit context: a code
         span holding just the hash, a line that says "commit", or a table cell of its own. All
         hashes of a run are checked with one `git cat-file --batch-check`.
      """,
      why="A SUMMARY citing commits that do not exist was not produced by the work it describes.",
      bad=_SUMMARY_WITH_HASH,
      at=(5, 25),
      good="---\nphase: \"01\"\n---\n# Summary\nThe parser is done.\n")
def commit_not_found(docs, ctx):
    return _commit_findings(docs, ctx, unchecked=False)


@rule("PP531", "no-git-history", "warning", mode="verify", scope="tree",
      example_path="01-01-SUMMARY.md",
      summary="Commit hashes cannot be checked: no git repository or no commits.",
      what="One finding per root (not one per hash) when git is missing, the root is not in a git "
           "repository, or the repository has no commits. When git is there but fails, does not "
           "answer within 8 s, or a run names more than 10,000 hashes, the finding is an error: "
           "commits that could not be checked never pass. The failing example is verified in a "
           "folder that is not a git repository; the passing one inside one, where the hash is "
           "checked (PP530) instead.",
      why="Unchecked commits are not verified commits; CI should run in a full clone.",
      bad=_SUMMARY_WITH_HASH,
      at=(5, 25),
      good=_SUMMARY_WITH_HASH)
def no_git_history(docs, ctx):
    return _commit_findings(docs, ctx, unchecked=True)
