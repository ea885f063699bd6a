"""The history of the planning documents: which commit recorded each document, what changed since.

Read with git plumbing only, through `gitcmd.run_git`: nothing is checked out and nothing is
written inside `.git` or the work tree.

- One `git log --name-status -M` walk over the planning paths finds, for every document in HEAD,
  the commit that last changed its content. Pure moves (rename score 100, e.g. a phase archived
  under `milestones/vX.Y-phases/`) are followed back: archiving a SUMMARY does not re-record it.
- `git ls-tree` of HEAD over the same paths gives each document's blob id, so a document edited in
  the work tree (or not committed) is told apart without `git status`.
- A shallow clone's boundary commits (`git rev-parse --git-path shallow`) look like root commits:
  documents recorded there have no known recording commit.
- An import commit (one commit adding the documents of many phases at once) is recognised so that
  a squashed history can be reported instead of pretending to know the dates.

One History per repository and run (kept by the run's Timeline): each walk is made once, on the
first question that needs it, and a new commit is seen by the next run.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field

from planproof.planning.ids import phase_folder_number, work_tag

from .gitcmd import GitUnavailable, run_git

TIMEOUT = 60.0
IMPORT_MIN_DOCUMENTS = 10  # a commit adding this many documents of IMPORT_MIN_PHASES phases
IMPORT_MIN_PHASES = 3
PLAN_TAG = re.compile(r"^\w+\(([^)]*\d[^)]*)\)!?:")
WALK_FORMAT = "--format=%x01%H%x00%ct%x00%s"
MAX_VERSIONS = 21  # content versions kept per document: the recording one and 20 earlier


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    time: int
    subject: str

    @property
    def short(self) -> str:
        return self.sha[:7]

    @property
    def date(self) -> str:
        return time.strftime("%Y-%m-%d", time.gmtime(self.time))

    @property
    def plan(self) -> str | None:
        """`feat(31-01): ...` -> `31-01`: the phase or plan the commit says it belongs to."""
        match = PLAN_TAG.match(self.subject)
        return match.group(1) if match else None

    def describe(self) -> str:
        subject = self.subject if len(self.subject) <= 72 else self.subject[:69] + "..."
        return f"{self.short} ({self.date}, {subject})"

    def to_dict(self) -> dict:
        data = {"commit": self.sha, "date": self.date, "subject": self.subject}
        if self.plan:
            data["plan"] = self.plan
        return data


@dataclass(frozen=True, slots=True)
class Recorded:
    """The commit that recorded a document, and the document's path at that commit."""

    commit: Commit
    path: str


@dataclass
class History:
    top: str
    problem: str | None = None  # no-git | no-repository | no-commits | git-failed
    detail: str = ""
    head: str = ""
    shallow: set[str] = field(default_factory=set)
    records: dict[str, Recorded] = field(default_factory=dict)  # HEAD path -> recording commit
    versions: dict[str, list[Recorded]] = field(default_factory=dict)  # HEAD path -> newest first
    head_blobs: dict[str, str] = field(default_factory=dict)  # HEAD path -> blob id
    imports: dict[str, int] = field(default_factory=dict)  # import commit -> documents it added
    walked: set[str] = field(default_factory=set)  # pathspecs walked
    walks: int = 0
    _merged: dict[str, Commit] | None = None
    _changes: tuple | None = None
    _order: dict[str, int] = field(default_factory=dict)  # mainline commit -> position (0: HEAD)
    _side_tags: dict[str, set[str]] = field(default_factory=dict)  # tag -> side-branch commits
    _before_tag: dict[str, Commit] = field(default_factory=dict)  # tag -> parent of its first commit

    def git(self, args: list[str], fatal: bool = True) -> bytes | None:
        """stdout of a git command, or None when git cannot answer (`problem` set when fatal)."""
        try:
            result = run_git(args, cwd=self.top, timeout=TIMEOUT)
        except GitUnavailable as exc:
            problem, detail = "no-git" if "not installed" in str(exc) else "git-failed", str(exc)
        else:
            if result.returncode == 0:
                return result.stdout
            problem = "git-failed"
            detail = (result.stderr.strip() or f"git exited {result.returncode}")[:500]
        if fatal:
            self.problem, self.detail = problem, detail
        return None

    def open(self) -> None:
        try:
            result = run_git(["rev-parse", "--is-shallow-repository", "--git-path", "shallow",
                              "--verify", "-q", "HEAD^{commit}"], cwd=self.top, timeout=TIMEOUT)
        except GitUnavailable as exc:
            self.problem = "no-git" if "not installed" in str(exc) else "git-failed"
            self.detail = str(exc)
            return
        lines = result.stdout.decode("utf-8", "replace").splitlines()
        if result.returncode != 0 or len(lines) < 3:
            if "not a git repository" in result.stderr:
                self.problem, self.detail = "no-repository", f"no git repository at {self.top}"
            elif result.stderr.strip():  # a broken config, a corrupt repository
                self.problem, self.detail = "git-failed", result.stderr.strip()[:500]
            else:  # `--verify -q HEAD` answers nothing, quietly: HEAD is unborn
                self.problem, self.detail = "no-commits", "the repository has no commits"
            return
        self.head = lines[2].strip()
        if lines[0].strip() == "true":
            self.shallow = set(_read_small(os.path.join(self.top, lines[1].strip())).split())

    def ensure(self, pathspec: str) -> None:
        """Walk the history of `pathspec` once (and list its blobs in HEAD)."""
        if pathspec in self.walked or self.problem:
            return
        self.walked.add(pathspec)
        spec = [f":(literal){pathspec}"] if pathspec != "*.md" else [":(glob)*.md"]
        listing = self.git(["ls-tree", "-r", "-z", "--full-tree", "HEAD", "--", *spec])
        if listing is None:
            return
        for entry in listing.split(b"\0"):
            meta, _, path = entry.partition(b"\t")
            parts = meta.split()
            if len(parts) == 3 and parts[1] == b"blob":
                self.head_blobs[path.decode("utf-8", "surrogateescape")] = parts[2].decode()
        log = self.git(["log", "-z", "--topo-order", "--no-color", "--no-ext-diff", "--no-textconv",
                        WALK_FORMAT, "--name-status", "-M", "HEAD", "--", *spec])
        if log is not None:
            self.walks += 1
            self._record(parse_log(log))

    def _record(self, commits) -> None:
        """Newest first: the first content change seen for a HEAD path is its recording commit."""
        alias: dict[str, str] = {}
        versions = _Versions(self.head_blobs, self.versions)
        for commit, changes in commits:
            added = []
            for status, old, new in changes:
                versions.see(commit, status, old, new)
                head = alias.get(new, new)
                if status == "R100":
                    if head not in self.records:
                        alias[old] = head
                    continue
                if status[0] in "AMTRC" and head not in self.records:
                    self.records[head] = Recorded(commit, new)
                if status == "A" and new.endswith(".md"):
                    added.append(new)
            phases = {phase_folder_number(os.path.dirname(path)) for path in added} - {None}
            if len(added) >= IMPORT_MIN_DOCUMENTS and len(phases) >= IMPORT_MIN_PHASES:
                self.imports[commit.sha] = len(added)

    def before_work(self, tags: set[str]) -> Commit | None:
        """The commit just before the first commit tagged with one of `tags` (`feat(31-01): ...`):
        the repository a plan's executor started from."""
        if self._merged is None:
            self._merged = self._mainline_merges()
        found = [self._before_tag[t] for t in tags if t in self._before_tag]
        return min(found, key=lambda c: c.time, default=None)

    def merges_for(self, sha: str, tags: set[str]) -> Commit | None:
        """The newest mainline merge that brought in `sha` or side-branch work tagged `tags`
        (`feat(15-03): ...`), made after `sha`: GSD's parallel executors commit a plan's code on
        their own branches, while its SUMMARY may reach the mainline first."""
        if self._merged is None:
            self._merged = self._mainline_merges()
        merges = [self._merged[c] for tag, shas in self._side_tags.items()
                  if any(tag == t or tag.startswith(t + "-") for t in tags) for c in shas]
        if sha in self._merged:
            merges.append(self._merged[sha])
        own_merge = self._merged.get(sha)
        limit = self._order.get(sha, self._order.get(own_merge.sha if own_merge else "", 1 << 30))
        merges = [m for m in merges if self._order.get(m.sha, 1 << 30) <= limit]
        return min(merges, key=lambda m: self._order[m.sha], default=None)

    def _mainline_merges(self) -> dict[str, Commit]:
        log = self.git(["log", "--no-color", "--format=%x01%H%x00%P%x00%ct%x00%s", "HEAD"],
                       fatal=False) or b""
        parents: dict[str, list[str]] = {}
        commits: dict[str, Commit] = {}
        for chunk in log.split(b"\x01")[1:]:
            fields = chunk.decode("utf-8", "replace").rstrip("\n").split("\0")
            if len(fields) == 4:
                parents[fields[0]] = fields[1].split()
                commits[fields[0]] = Commit(fields[0], int(fields[2] or 0), fields[3])
        for sha in reversed(list(commits)):  # newest first: the oldest tagged commit wins
            tag = commits[sha].plan
            if tag and parents[sha] and parents[sha][0] in commits:
                self._before_tag.setdefault(work_tag(tag), commits[parents[sha][0]])
        mainline, sha = [], self.head
        while sha in parents and len(mainline) <= len(parents):
            mainline.append(sha)
            sha = parents[sha][0] if parents[sha] else ""
        self._order = {sha: index for index, sha in enumerate(mainline)}
        merged: dict[str, Commit] = {}
        assigned = set(mainline)
        for merge in reversed(mainline):
            stack = list(parents[merge][1:])
            while stack:
                sha = stack.pop()
                if sha in assigned or sha not in parents:
                    continue
                assigned.add(sha)
                merged[sha] = commits[merge]
                stack.extend(parents[sha])
                if commits[sha].plan:
                    self._side_tags.setdefault(work_tag(commits[sha].plan), set()).add(sha)
        return merged

    def changes_after(self, commit: Commit, paths: list[str]) -> dict[str, list[tuple]]:
        """For each path, oldest first, (commit, status, new path): the commits listed after
        `commit` in topological order (its descendants, and parallel work merged later) that added
        (A), changed (M), deleted (D) or moved (R, to `new path`) it. The whole history's file
        changes are read once, on the first question."""
        if self._changes is None:
            self._changes = self._all_changes()
        order, by_path = self._changes
        limit = order.get(commit.sha)
        if limit is None:
            return {}
        return {path: [(c, status, moved) for index, c, status, moved in reversed(by_path.get(path, []))
                       if index < limit] for path in paths}

    def ever_committed(self, path: str) -> bool:
        """Some commit of HEAD's history added, changed or deleted `path`."""
        if self._changes is None:
            self._changes = self._all_changes()
        return path in self._changes[1]

    def _all_changes(self):
        log = self.git(["log", "-z", "--topo-order", "--no-color", "--no-ext-diff", "--no-textconv",
                        WALK_FORMAT, "--name-status", "--no-renames", "HEAD"], fatal=False)
        order: dict[str, int] = {}
        by_path: dict[str, list[tuple]] = {}
        for index, (commit, changes) in enumerate(parse_log(log or b"")):
            order[commit.sha] = index
            added = {}
            for status, _, path in changes:
                if status[:1] == "A":
                    added.setdefault(_tail(path), path)
            for status, _, path in changes:
                moved = added.get(_tail(path)) if status[:1] == "D" else None
                by_path.setdefault(path, []).append((index, commit, "R" if moved else status[:1],
                                                     moved))
        return order, by_path


class _Versions:
    """The commits that changed each HEAD document's content (renames followed, newest first,
    bounded; stops at the commit that added it): the versions a claim's line can be dated by."""

    def __init__(self, head_blobs: dict, versions: dict) -> None:
        self.head_blobs, self.versions = head_blobs, versions
        self.alias: dict[str, str] = {}
        self.born: set[str] = set()

    def see(self, commit: Commit, status: str, old: str, new: str) -> None:
        head = self.alias.get(new, new)
        if head not in self.head_blobs or head in self.born:
            return
        if status[0] == "R":
            self.alias[old] = head
        if status == "R100" or status[0] not in "AMTR":
            return
        kept = self.versions.setdefault(head, [])
        if len(kept) < MAX_VERSIONS and (not kept or kept[-1].commit.sha != commit.sha):
            kept.append(Recorded(commit, new))
        if status == "A":
            self.born.add(head)


def _tail(path: str) -> str:
    """The last two components: `phases/01-x/01-CONTEXT.md` moved under `milestones/` keeps them."""
    return "/".join(path.rsplit("/", 2)[-2:])


def parse_log(data: bytes):
    """(Commit, [(status, old, new)]) per commit of `git log -z WALK_FORMAT --name-status`."""
    for chunk in data.split(b"\x01")[1:]:
        fields = chunk.split(b"\0")
        if len(fields) < 3:
            continue
        sha, stamp, subject = (f.decode("utf-8", "replace") for f in fields[:3])
        commit = Commit(sha.strip(), int(stamp or 0), subject)
        tokens = [t.decode("utf-8", "surrogateescape") for t in fields[3:]]
        changes = []
        index = 0
        while index < len(tokens):
            status = tokens[index].strip()
            if not status:
                index += 1
                continue
            if status[0] in "RC" and index + 2 < len(tokens):
                changes.append((status, tokens[index + 1], tokens[index + 2]))
                index += 3
            elif index + 1 < len(tokens):
                changes.append((status, tokens[index + 1], tokens[index + 1]))
                index += 2
            else:
                break
        yield commit, changes


def _read_small(path: str) -> str:
    try:
        with open(path, encoding="ascii", errors="replace") as handle:
            return handle.read(1024 * 1024)
    except OSError:
        return ""


def open_history(top: str) -> History:
    """The history of the repository whose top-level folder is `top`, opened (one git call); its
    walks are made on demand. The run's Timeline keeps one per repository."""
    history = History(top)
    history.open()
    return history


def resolve_revision(top: str, revision: str) -> tuple[Commit | None, str]:
    """`--as-of REV`: the commit REV names, or None and why not."""
    if not revision or revision.startswith("-") or any(c in revision for c in "\0\n"):
        return None, f"{revision!r} is not a revision"
    try:
        result = run_git(["log", "-1", "--no-color", "--format=%H%x00%ct%x00%s", "--end-of-options",
                          f"{revision}^{{commit}}", "--"], cwd=top, timeout=TIMEOUT)
    except GitUnavailable as exc:
        return None, str(exc)
    fields = result.stdout.decode("utf-8", "replace").strip("\n").split("\0")
    if result.returncode != 0 or len(fields) < 3:
        return None, (result.stderr.strip() or f"git cannot resolve {revision!r}")[:300]
    return Commit(fields[0], int(fields[1] or 0), fields[2]), ""
