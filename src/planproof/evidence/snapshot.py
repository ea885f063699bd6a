"""The repository as it was at one commit, answering the questions the PP5xx rules ask of the work
tree: does this path exist (file or folder), what does the file say, how many lines, which exports,
how many tests.

Answers come from git objects: a document is first checked by a *probe* that records every path
and file the checks would touch; those are asked in two round trips (paths, then blobs) of one
long-lived `git cat-file --batch-command` (gitbatch.py), or, with a git older than 2.36, one
`--batch-check` and one `--batch` through `run_git`; then the document is checked for real. A
question the probe did not foresee is asked on its own. Each (commit, path) is asked once per run,
each blob read once; a blob identical to the work-tree file (same blob id) is answered from the
work tree's cached read. Blobs over MAX_READ bytes are not read (as today).

Path text is resolved exactly as for the work tree (same refusals: absolute, home, `..` escapes),
but kinds come from the commit's tree, so an archived phase's paths resolve where they were.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re

from planproof.memo import Memo

from .gitbatch import BatchFailed, GitBatch
from .gitcmd import GitUnavailable, run_git
from .paths import PathResolver, Resolved
from .languages import language_of
from .repo import MAX_READ, PY_TOP, FileText, count_tests, extract_exports

BATCH_TIMEOUT = 60.0
KINDS = {"blob": "file", "tree": "dir"}


class BlobStore:
    """(commit, path) -> (type, object id, size) or None; object id -> bytes. Cached for the run."""

    def __init__(self, top: str) -> None:
        self.top = top
        self._info: dict[tuple[str, str], tuple[str, str, int] | None] = {}
        self._blobs: dict[str, bytes] = {}
        self.calls = 0
        self.batch = GitBatch(top)

    def info(self, sha: str, path: str):
        if (sha, path) not in self._info:
            self.prefetch_info(sha, [path])
        return self._info.get((sha, path))

    def prefetch_info(self, sha: str, paths) -> None:
        todo = [p for p in dict.fromkeys(paths) if (sha, p) not in self._info]
        for path in [p for p in todo if "\n" in p or "\r" in p]:
            self._info[(sha, path)] = None  # cannot be asked on a line: treated as missing
        todo = [p for p in todo if (sha, p) not in self._info]
        if not todo:
            return
        names = [f"{sha}:{path}" for path in todo]
        answers = self._ask_batch(self.batch.info, names)
        if answers is None:
            answers = self._info_once(names)
        for path, answer in zip(todo, answers):
            self._info[(sha, path)] = answer

    def _info_once(self, names: list[str]) -> list:
        request = "".join(f"{name}\n" for name in names).encode("utf-8", "surrogateescape")
        lines = self._batch(["cat-file", "--batch-check=%(objecttype) %(objectname) %(objectsize)"],
                            request).split(b"\n")
        answers = []
        for index in range(len(names)):
            parts = lines[index].decode("ascii", "replace").split() if index < len(lines) else []
            ok = len(parts) == 3 and parts[2].isdigit()
            answers.append((parts[0], parts[1], int(parts[2])) if ok else None)
        return answers

    def blob(self, oid: str) -> bytes:
        if oid not in self._blobs:
            self.prefetch_blobs([oid])
        return self._blobs.get(oid, b"")

    def prefetch_blobs(self, oids) -> None:
        todo = [o for o in dict.fromkeys(oids)
                if o not in self._blobs and re.fullmatch(r"[0-9a-f]+", o)]
        if not todo:
            return
        answers = self._ask_batch(self.batch.contents, todo)
        if answers is None:
            answers = self._blobs_once(todo)
        for oid, data in zip(todo, answers):
            self._blobs[oid] = data or b""

    def _blobs_once(self, todo: list[str]) -> list[bytes]:
        data = self._batch(["cat-file", "--batch"], "".join(f"{o}\n" for o in todo).encode())
        answers, position = [], 0
        for _ in todo:
            end = data.find(b"\n", position)
            header = data[position:end].split() if end >= 0 else []
            if len(header) != 3 or not header[2].isdigit():
                answers.append(b"")
                position = end + 1 if end >= 0 else len(data)
                continue
            size = int(header[2])
            answers.append(data[end + 1:end + 1 + size])
            position = end + 1 + size + 1
        return answers

    def _ask_batch(self, ask, items: list[str]):
        """Answers from the long-lived process; None when it is not available (then `run_git`)."""
        if not self.batch.ok:
            return None
        try:
            return ask(items)
        except BatchFailed:
            return None

    def _batch(self, args: list[str], request: bytes) -> bytes:
        self.calls += 1
        try:
            result = run_git(args, cwd=self.top, stdin=request, timeout=BATCH_TIMEOUT)
        except GitUnavailable:
            return b""
        return result.stdout if result.returncode == 0 else b""


def blob_id(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


class CommitResolver(PathResolver):
    """Paths as written, resolved in the tree of one commit (or recorded only, for the probe)."""

    def __init__(self, root: str, top: str, store: BlobStore, sha: str, probe: bool = False) -> None:
        super().__init__(root)
        prefix = os.path.relpath(self.root, os.path.realpath(top)).replace(os.sep, "/")
        self.prefix = "" if prefix == "." else prefix
        self.store, self.sha, self.probe = store, sha, probe
        self.paths: dict[str, str] = {}  # abspath handed out -> path in the commit's tree

    def git_path(self, relative: str) -> str:
        path = "" if relative == "." else relative
        return posixpath.join(self.prefix, path).rstrip("/") if self.prefix else path

    def _check_links(self, written: str, relative: str, candidate: str) -> Resolved:
        path = self.git_path(relative)
        self.paths[candidate] = path
        if self.probe:
            kind = "dir" if not path else "file"
        else:
            info = self.store.info(self.sha, path) if path else ("tree", "", 0)
            kind = KINDS.get(info[0], "other") if info else "missing"
        return Resolved(written, relative, candidate, kind)


class CommitRepository:
    """Repository reads (same interface as repo.Repository) answered from one commit's blobs."""

    def __init__(self, snapshot: "CommitSnapshot", resolver: CommitResolver) -> None:
        self.snapshot, self.resolver = snapshot, resolver
        self._texts: dict[str, FileText] = {}

    def _source(self, abspath: str):
        """('work', abspath) when the work tree holds the same blob, else ('blob', oid)."""
        path = self.resolver.paths.get(abspath)
        info = self.snapshot.store.info(self.resolver.sha, path) if path else None
        if info is None or info[0] != "blob":
            return "none", ""
        self.snapshot.sizes[info[1]] = info[2]
        twin = self.snapshot.twin(path, info[1])
        return ("work", twin) if twin else ("blob", info[1])

    def source(self, abspath: str) -> tuple[str, str]:
        """Where the file's text at this commit comes from: ("work", work-tree path) when the work
        tree holds the same bytes there, ("blob", object id), or ("none", "") when not a file."""
        return self._source(abspath)

    def _blob_text(self, oid: str) -> FileText:
        text = self._texts.get(oid)
        if text is None:
            info_size = self.snapshot.sizes.get(oid, 0)
            if info_size > MAX_READ:
                text = FileText("", info_size, truncated=True)
            else:
                data = self.snapshot.store.blob(oid)
                text = FileText(data.decode("utf-8", errors="replace"), len(data))
            self._texts[oid] = text
        return text

    def read(self, abspath: str) -> FileText:
        where, key = self._source(abspath)
        if where == "work":
            return self.snapshot.ev.repo.read(key)
        if where == "none":
            return FileText("", 0, error="not a file at this commit")
        return self._blob_text(key)

    def line_count(self, abspath: str) -> int | None:
        where, key = self._source(abspath)
        if where == "work":
            return self.snapshot.ev.repo.line_count(key)
        text = self._blob_text(key) if where == "blob" else None
        if text is None or text.truncated:
            return None
        return self.snapshot.store.blob(key).count(b"\n")

    def exports_name(self, abspath: str, name: str) -> bool | None:
        where, key = self._source(abspath)
        if where == "work":
            return self.snapshot.ev.repo.exports_name(key, name)
        if language_of(abspath) != "python":
            return None
        names = {a or b for a, b in PY_TOP.findall(self.read(abspath).text)}
        return True if name in names else None

    def exports(self, abspath: str):
        where, key = self._source(abspath)
        if where == "work":
            return self.snapshot.ev.repo.exports(key)
        return self.snapshot.memo.get(("exports", key, language_of(abspath)),
                                  lambda: extract_exports(abspath, self.read(abspath).text))

    def tests(self, abspath: str):
        where, key = self._source(abspath)
        if where == "work":
            return self.snapshot.ev.repo.tests(key)
        return self.snapshot.memo.get(("tests", key, language_of(abspath)),
                                  lambda: count_tests(abspath, self.read(abspath).text))


class ProbeRepository:
    """Records which files a check would read; answers with nothing."""

    def __init__(self, resolver: CommitResolver) -> None:
        self.resolver = resolver
        self.reads: list[str] = []

    def _note(self, abspath: str) -> None:
        path = self.resolver.paths.get(abspath)
        if path:
            self.reads.append(path)

    def read(self, abspath):
        self._note(abspath)
        return FileText("", 0)

    def line_count(self, abspath):
        self._note(abspath)
        return None

    def exports_name(self, abspath, name):
        self._note(abspath)
        return True

    def exports(self, abspath):
        self._note(abspath)
        return extract_exports("probe.txt", "")

    def tests(self, abspath):
        self._note(abspath)
        return None


class EvidenceView:
    """What a rule sees as `ctx.evidence` while judging one document at one commit: path
    resolution and file reads at that commit, everything else from the run's Evidence."""

    def __init__(self, ev, resolver: PathResolver, repo, base: str | None, judged_at: dict) -> None:
        self._ev, self._resolver, self.repo = ev, resolver, repo
        self._base, self.judged_at = base, judged_at
        self.asked: list[Resolved] = []

    def resolve(self, doc, written: str) -> Resolved:
        resolved = self._resolver.resolve(str(written), self._base)
        self.asked.append(resolved)
        return resolved

    def __getattr__(self, name: str):
        return getattr(self._ev, name)


class CommitSnapshot:
    """One commit of one repository, shared by every document judged at it."""

    def __init__(self, ev, root: str, top: str, store: BlobStore, commit) -> None:
        self.ev, self.root, self.top, self.store, self.commit = ev, root, top, store, commit
        self.resolver = CommitResolver(root, top, store, commit.sha)
        self.repo = CommitRepository(self, self.resolver)
        self.sizes: dict[str, int] = {}
        self.memo = Memo()  # exports and test counts of this commit's blobs

    def twin(self, path: str, oid: str) -> str | None:
        """The work-tree file holding exactly blob `oid` at `path`, if any (read once, cached)."""
        relative = path[len(self.resolver.prefix) + 1:] if self.resolver.prefix else path
        resolved = self.ev.resolver(self.root).resolve(relative)
        if not resolved.is_file:
            return None
        work = self.ev.timeline.worktree_blob_id(resolved.abspath)
        return resolved.abspath if work == oid else None

    def view(self, doc_path: str | None, judged_at: dict) -> EvidenceView:
        """An EvidenceView; `doc_path` (relative to the top) anchors `./` paths."""
        base = os.path.join(self.top, os.path.dirname(doc_path)) if doc_path else None
        return EvidenceView(self.ev, self.resolver, self.repo, base, judged_at)

    def probe(self, view: EvidenceView) -> EvidenceView:
        """A view that records every path and file that checks at `view` would ask about and
        answers nothing: git is then asked all of it at once (`prefetch`)."""
        resolver = CommitResolver(self.root, self.top, self.store, self.commit.sha, probe=True)
        return EvidenceView(self.ev, resolver, ProbeRepository(resolver), view._base, view.judged_at)

    def same_as_work_tree(self, view: EvidenceView, doc) -> bool:
        """Did every path the checks asked about have the same kind and bytes in the work tree?
        Then checking the document against the work tree would find the same."""
        for resolved in view.asked:
            if not resolved.ok:
                continue
            now = self.ev.resolve(doc, resolved.written)
            if now.kind != resolved.kind:
                return False
            if resolved.is_file:
                info = self.store.info(self.commit.sha, self.resolver.paths.get(resolved.abspath, ""))
                if info is None or self.ev.timeline.worktree_blob_id(now.abspath) != info[1]:
                    return False
        return True

    def prefetch(self, probe_view) -> None:
        """Ask git, in two batches, everything the probe run touched."""
        sha = self.commit.sha
        self.store.prefetch_info(sha, [p for p in probe_view._resolver.paths.values() if p])
        oids = []
        for path in probe_view.repo.reads:
            info = self.store.info(sha, path)
            if info is None or info[0] != "blob":
                continue
            self.sizes[info[1]] = info[2]
            if info[2] <= MAX_READ and not self.twin(path, info[1]):
                oids.append(info[1])
        self.store.prefetch_blobs(oids)
