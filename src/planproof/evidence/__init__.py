"""The only code that touches the repository (files, git, coverage data, JUnit results).
Rules ask `Context.evidence` (an `Evidence`, session.py), which answers from these modules.

`open_evidence(ctx)` is called once per run (per worker process) by `Context.evidence`. Every
answer is cached for the run: each file is stat'ed and read at most once, compiled patterns are
reused, and git is asked once for every commit hash of the run.

The root that document paths resolve against is `--root` (Settings.root), else the git top-level
above the document (found by walking up for `.git`, no subprocess), else the current directory.
Nothing outside the root is read (see `paths.py`).
"""
