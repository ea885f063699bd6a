"""Which discovered files git ignores (`.gitignore`, `.git/info/exclude`, the global excludes).

Asked of git itself (`git check-ignore`, through the hardened run_git) rather than a parser of
our own, so negations, nested files and core.excludesFile behave exactly as git's. Tracked files
are never ignored, as in git. Outside a work tree, or without git, nothing is ignored.
"""

from __future__ import annotations

import os

# git check-ignore answers in milliseconds; a committed .gitignore that is a named pipe makes git
# wait on it: then nothing is treated as ignored (every file is checked) after this many seconds
CHECK_IGNORE_TIMEOUT = 5.0


def ignored(folder: str, paths: list[str]) -> set[str]:
    """The members of `paths` (absolute) git ignores, asked in the work tree holding `folder`.

    When `folder` itself is ignored, nothing is: a user who names an ignored folder (a
    `.planning` kept out of git) means to check it."""
    from planproof.evidence.gitcmd import GitUnavailable, run_git

    if not paths:
        return set()
    folder = os.path.abspath(folder)
    asked = [folder, *paths]
    try:
        done = run_git(["check-ignore", "-z", "--stdin"], folder,
                       stdin=b"\0".join(os.fsencode(p) for p in asked) + b"\0",
                       timeout=CHECK_IGNORE_TIMEOUT)
    except GitUnavailable:
        return set()
    if done.returncode != 0:  # 1: nothing ignored; 128: not a work tree
        return set()
    answer = {os.path.normpath(os.fsdecode(p)) for p in done.stdout.split(b"\0") if p}
    if folder in answer:
        return set()
    return answer & {os.path.normpath(p) for p in paths}
