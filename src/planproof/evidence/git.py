"""Git evidence: do the commits a document names exist? One `git cat-file --batch-check` per run.

Only hexadecimal strings matched by planproof itself are ever sent to git (as `<hex>^{commit}`
lines on standard input); nothing from a document is passed as an argument or executed.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from .gitcmd import GitUnavailable, run_git

HEX = re.compile(r"^[0-9a-f]{7,40}$")
TIMEOUT = 8.0
MAX_HASHES = 10_000  # per run: more is refused (an error), never sent to git


@dataclass
class CommitAnswers:
    """status per hash: found | missing | ambiguous | not-commit. `problem` when git gave nothing."""

    statuses: dict[str, str] = field(default_factory=dict)
    full: dict[str, str] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)  # object type of a not-commit hash
    problem: str | None = None  # no-git | no-repository | no-commits | git-failed | too-many
    detail: str = ""
    shallow: bool = False


def find_git_top(start: str) -> str | None:
    """The folder holding `.git` at or above `start` (no subprocess: a walk up the tree)."""
    folder = os.path.abspath(start)
    while True:
        if os.path.exists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _is_shallow(top: str | None) -> bool:
    return bool(top) and os.path.isfile(os.path.join(top, ".git", "shallow"))


def check_commits(root: str, hashes: list[str]) -> CommitAnswers:
    """Ask git once about every hash (and HEAD, to tell 'no history' from 'missing')."""
    wanted = sorted({h for h in hashes if HEX.match(h)})
    answers = CommitAnswers()
    if not wanted:
        return answers
    if len(wanted) > MAX_HASHES:
        answers.problem = "too-many"
        answers.detail = (f"{len(wanted):,} distinct hashes; planproof checks at most "
                          f"{MAX_HASHES:,} per run")
        return answers
    top = find_git_top(root)
    if top is None:
        answers.problem = "no-repository"
        answers.detail = f"no .git folder at or above {root}"
        return answers
    answers.shallow = _is_shallow(top)
    # each hash twice: peeled to a commit, and as it is (a blob or tree hash is no missing commit)
    request = "HEAD\n" + "".join(f"{h}^{{commit}}\n{h}\n" for h in wanted)
    try:
        completed = run_git(["cat-file", "--batch-check=%(objectname) %(objecttype)"],
                            cwd=root, stdin=request.encode("ascii"), timeout=TIMEOUT)
    except GitUnavailable as exc:
        answers.problem = "no-git" if "not installed" in str(exc) else "git-failed"
        answers.detail = str(exc)
        return answers
    lines = completed.stdout.decode("utf-8", "replace").splitlines()
    if completed.returncode != 0 or len(lines) != 2 * len(wanted) + 1:
        answers.problem = "git-failed"
        answers.detail = (completed.stderr.strip() or f"git exited {completed.returncode}")[:500]
        if "not a git repository" in answers.detail:
            answers.problem = "no-repository"
        return answers
    if lines[0].endswith(" missing"):
        answers.problem, answers.detail = "no-commits", "the repository has no commits (HEAD is unborn)"
        return answers
    for index, wanted_hash in enumerate(wanted):
        peeled, plain = lines[1 + 2 * index], lines[2 + 2 * index]
        parts = peeled.rsplit(" ", 1)
        if len(parts) == 2 and parts[1] == "commit":
            answers.statuses[wanted_hash] = "found"
            answers.full[wanted_hash] = parts[0]
        elif peeled.endswith(" ambiguous") or plain.endswith(" ambiguous"):
            answers.statuses[wanted_hash] = "ambiguous"  # several objects: it exists
        elif plain.endswith(" missing"):
            answers.statuses[wanted_hash] = "missing"
        else:
            answers.statuses[wanted_hash] = "not-commit"
            answers.types[wanted_hash] = plain.rsplit(" ", 1)[-1]
    return answers
