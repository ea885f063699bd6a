"""When was a document written? The point in history at which its repository claims are judged.

`--as-of written` (the default):
- a SUMMARY, VERIFICATION or other document: the commit that last changed its content (pure
  moves, such as archiving a phase under `milestones/`, are followed back);
- a PLAN with a SUMMARY next to it: the SUMMARY's commit (the plan was executed then);
- a PLAN without a SUMMARY: the work tree (not executed: its claims are promises, reported as info);
- a document (or its SUMMARY) that is new or modified in the work tree: the work tree.
`--as-of now`: the work tree for every document. `--as-of REV`: that commit for every document.
Without git, in a shallow clone whose history ends before the recording commit, or with a
revision git cannot resolve: the work tree, and the reason (`unknown`) is reported once (PP533).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from .git import find_git_top
from .history import Commit, History, open_history, resolve_revision
from .snapshot import BlobStore, CommitSnapshot, blob_id

NOW, WRITTEN = "now", "written"


@dataclass(frozen=True, slots=True)
class Point:
    kind: str  # commit | worktree | unknown (judged against the work tree, and reported)
    reason: str = ""
    commit: Commit | None = None
    path: str | None = None  # the document's path at that commit, relative to the git top
    top: str | None = None
    imported: bool = False  # recorded by an import commit (a squashed history)
    planned: Commit | None = None  # an executed PLAN's own last change (its @context was read then)

    def judged_at(self, as_of: str) -> dict:
        if self.kind == "commit" and self.commit is not None:
            return {"commit": self.commit.sha, "date": self.commit.date,
                    "as_of": as_of, **({"squashed_import": True} if self.imported else {})}
        return {"work_tree": True, "why": self.reason}


class Timeline:
    def __init__(self, ev, as_of: str | None) -> None:
        self.ev = ev
        self.as_of = (as_of or WRITTEN).strip() or WRITTEN
        self._points: dict[str, Point] = {}
        self._stores: dict[str, BlobStore] = {}
        self._snapshots: dict[tuple[str, str], CommitSnapshot] = {}
        self._revisions: dict[str, tuple[Commit | None, str]] = {}
        self._work_ids: dict[str, str | None] = {}
        self._real: dict[str, str] = {}
        self._histories: dict[str, History] = {}

    def history(self, top: str) -> History:
        """The history of the repository whose top-level folder is `top`, opened once per run."""
        history = self._histories.get(top)
        if history is None:
            history = self._histories[top] = open_history(top)
        return history

    # -- where a document is judged ---------------------------------------------------------
    def point(self, doc) -> Point:
        point = self._points.get(doc.abspath)
        if point is None:
            point = self._points[doc.abspath] = self._point(doc)
        return point

    def _point(self, doc) -> Point:
        if self.as_of == NOW:
            return Point("worktree", "--as-of now")
        top = find_git_top(self.ev.root_for(doc))
        if top is None:
            return Point("unknown", "no-repository")
        history = self.history(top)
        if history.problem:
            reason = f"{history.problem}: {history.detail}" if history.detail else history.problem
            return Point("unknown", reason, top=top)
        if self.as_of != WRITTEN:
            commit, why = self.revision(top)
            if commit is None:
                return Point("unknown", "bad-revision: " + why, top=top)
            path = _relative(doc.abspath, top, self._real)
            return Point("commit", f"--as-of {self.as_of}", commit, path, top)
        return self._written(doc, top, history)

    def _written(self, doc, top: str, history: History) -> Point:
        anchors = [doc.abspath]
        if doc.kind == "PLAN":
            summary = self.ev.summary_of(doc)
            if summary is None:
                return Point("worktree", "plan not executed", top=top)
            anchors.append(summary)
        for anchor in anchors:
            path = _relative(anchor, top, self._real)
            history.ensure(path.split("/", 1)[0] if "/" in path else "*.md")
            known = history.head_blobs.get(path)
            if known is None:
                return Point("worktree", f"{os.path.basename(anchor)} is not committed", top=top)
            if _file_blob_id(anchor) != known:
                return Point("worktree", f"{os.path.basename(anchor)} is modified in the work tree",
                             top=top)
        recorded = history.records.get(_relative(anchors[-1], top, self._real))
        if recorded is None:
            return Point("worktree", "no commit found for the document", top=top)
        if recorded.commit.sha in history.shallow:
            return Point("unknown", "shallow", top=top)
        path = recorded.path
        if len(anchors) == 2:  # the plan, in its SUMMARY's folder at that commit
            path = f"{os.path.dirname(path)}/{os.path.basename(doc.abspath)}".lstrip("/")
        planned = history.records.get(_relative(doc.abspath, top, self._real))
        return Point("commit", "written", recorded.commit, path, top,
                     recorded.commit.sha in history.imports, planned and planned.commit)

    def where_judged(self, doc):
        """(point, judged_at, snapshot, view): `doc`'s point with the repository as it was there;
        snapshot and view are None when the work tree is judged."""
        point = self.point(doc)
        judged_at = point.judged_at(self.as_of)
        if point.kind != "commit":
            return point, judged_at, None, None
        snapshot = self.snapshot(doc, point.commit, point.top)
        return point, judged_at, snapshot, snapshot.view(point.path, judged_at)

    def git_path(self, abspath: str, top: str) -> str:
        """`abspath` as a path in the repository whose top-level folder is `top`."""
        return _relative(abspath, top, self._real)

    def revision(self, top: str) -> tuple[Commit | None, str]:
        if top not in self._revisions:
            self._revisions[top] = resolve_revision(top, self.as_of)
        return self._revisions[top]

    # -- the repository at a commit -----------------------------------------------------------
    def snapshot(self, doc, commit: Commit, top: str) -> CommitSnapshot:
        root = self.ev.root_for(doc)
        key = (root, commit.sha)
        snapshot = self._snapshots.get(key)
        if snapshot is None:
            store = self._stores.get(top)
            if store is None:
                store = self._stores[top] = BlobStore(top)
            snapshot = self._snapshots[key] = CommitSnapshot(self.ev, root, top, store, commit)
        return snapshot

    def worktree_blob_id(self, abspath: str) -> str | None:
        """The blob id of a work-tree file as planproof read it (None when not fully read)."""
        if abspath not in self._work_ids:
            text = self.ev.repo.read(abspath)
            ok = text.error is None and not text.truncated
            self._work_ids[abspath] = blob_id(text.text.encode("utf-8")) if ok else None
        return self._work_ids[abspath]


def _relative(abspath: str, top: str, real_folders: dict[str, str]) -> str:
    """`abspath` relative to the git top, '/'-separated (folders' real paths cached per run)."""
    def real(folder: str) -> str:
        if folder not in real_folders:
            real_folders[folder] = os.path.realpath(folder)
        return real_folders[folder]

    path = os.path.join(real(os.path.dirname(os.path.abspath(abspath))), os.path.basename(abspath))
    return os.path.relpath(path, real(top)).replace(os.sep, "/")


def _file_blob_id(abspath: str) -> str | None:
    try:
        with open(abspath, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    return blob_id(data)
