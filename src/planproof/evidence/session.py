"""`Evidence`: one run's view of the repository. Rules ask, it answers, and every answer is kept
for the run (each file stat'ed and read at most once, git asked once per root for every hash).
"""


from __future__ import annotations

import os
from functools import cached_property
from typing import TYPE_CHECKING, Any

from planproof.evidence.paths import PathResolver, Resolved
from planproof.evidence.regex import BoundedRegex
from planproof.memo import Memo
from planproof.evidence.repo import Repository
from planproof.planning.ids import plan_id, sibling_name, stem_of

if TYPE_CHECKING:
    from planproof.evidence.coverage import CoverageEvidence
    from planproof.evidence.junit import JUnitEvidence


class Evidence:
    def __init__(self, root: str | None = None, as_of: str | None = None,
                 settings: Any = None) -> None:
        self.explicit_root = os.path.abspath(root) if root else None
        self.as_of = as_of
        self.judged_at: dict | None = None  # the work tree; an EvidenceView holds its commit
        self.settings = settings  # --coverage, --coverage-config and --junit
        self.cwd = os.getcwd()
        self.repo = Repository()
        self.regex = BoundedRegex()
        self._resolvers: dict[str, PathResolver] = {}
        self._roots: dict[str, str] = {}
        self.memo = Memo()  # by root: indexes, coverage data, commits; by folder: SUMMARYs
        self._shown: dict[str, str] = {}
        self._folders: dict[str, str] = {}

    # -- roots and paths ------------------------------------------------------------------
    def root_for(self, doc) -> str:
        if self.explicit_root:
            return self.explicit_root
        folder = self._folders.get(doc.abspath) or os.path.dirname(os.path.abspath(doc.abspath))
        root = self._roots.get(folder)
        if root is None:
            from planproof.evidence.git import find_git_top

            root = self._roots[folder] = find_git_top(folder) or self.cwd
        return root

    def resolver(self, root: str) -> PathResolver:
        resolver = self._resolvers.get(root)
        if resolver is None:
            resolver = self._resolvers[root] = PathResolver(root)
        return resolver

    def resolve(self, doc, written: str) -> Resolved:
        """A path written in `doc`: root-relative, or relative to the document for `./` `../`."""
        base = self._folders.get(doc.abspath)
        if base is None:
            base = self._folders[doc.abspath] = os.path.dirname(os.path.abspath(doc.abspath))
        return self.resolver(self.root_for(doc)).resolve(str(written), base)

    def relative_root(self, doc) -> str:
        """The root as shown in evidence: relative to the current directory when inside it."""
        root = self.root_for(doc)
        shown = self._shown.get(root)
        if shown is None:
            relative = os.path.relpath(root, self.cwd)
            shown = self._shown[root] = root if relative.startswith("..") else relative
        return shown

    # -- documents ------------------------------------------------------------------------
    def executed(self, doc) -> bool:
        """A PLAN counts as executed when its SUMMARY sits next to it (`NN-MM-SUMMARY.md`)."""
        return self.summary_of(doc) is not None

    def summary_of(self, doc) -> str | None:
        """The SUMMARY next to a PLAN, paired the way the planning tree pairs them (the same
        name, else the same plan id: `planning.forest.match_summaries`); None: not executed."""
        if stem_of(doc.abspath, "PLAN") is None:
            return None
        folder = os.path.dirname(doc.abspath)
        summaries = self.memo.get(("summaries", folder), lambda: summaries_by_plan(folder))
        return summaries.get(os.path.basename(doc.abspath))

    @staticmethod
    def summary_name(doc) -> str:
        """The SUMMARY a PLAN asks for: `01-02-PLAN.md` -> `01-02-SUMMARY.md`."""
        return sibling_name(doc.abspath, "PLAN", "SUMMARY") or os.path.basename(doc.abspath)

    @cached_property
    def timeline(self):
        """When each document was written: the commit its claims are judged at (timeline.py)."""
        from planproof.evidence.timeline import Timeline

        return Timeline(self, self.as_of)

    # -- coverage data and test results (PP6xx) ----------------------------------------------
    def coverage(self, doc) -> CoverageEvidence:
        """The coverage data for the repository `doc` lies in: the `--coverage` files, else the
        data files found at its root. Opened once per root; read by the first claim needing it."""
        from planproof.evidence.coverage import CoverageEvidence

        root = self.root_for(doc)
        return self.memo.get(("coverage", root),
                             lambda: CoverageEvidence.from_settings(self.settings, root))

    @cached_property
    def junit(self) -> JUnitEvidence:
        """The `--junit` results of the run, read on first use."""
        from planproof.evidence.junit import JUnitEvidence

        return JUnitEvidence(list(self.settings.junit))

    # -- the files below a root ------------------------------------------------------------
    def file_index(self, root: str):
        """Every file below `root` by name, its folder listings and `.gitignore` (locate.py)."""
        from planproof.evidence.locate import FileIndex

        return self.memo.get(("file-index", root), lambda: FileIndex(root))

    def source_index(self, root: str):
        """Who imports or names each source file below `root` (source_index.py)."""
        from planproof.evidence.source_index import build_index

        return self.memo.get(("source-index", root), lambda: build_index(root, self.repo))

    def commits(self, root: str, hashes: list[str]):
        """Ask git once per root for every hash of the run (see git.py)."""
        from planproof.evidence.git import check_commits

        return self.memo.get(("commits", root), lambda: check_commits(root, hashes))


def summaries_by_plan(folder: str) -> dict[str, str]:
    """{PLAN file name: path of its SUMMARY} of the files in `folder`."""
    from planproof.planning.forest import match_summaries

    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return {}
    plans = [(name, stem) for name in names if (stem := stem_of(name, "PLAN")) is not None]
    summaries = [(name, stem) for name in names if (stem := stem_of(name, "SUMMARY")) is not None
                 and os.path.isfile(os.path.join(folder, name))]
    matches = match_summaries([(stem, plan_id(stem)) for _, stem in plans],
                              [(stem, plan_id(stem)) for _, stem in summaries])
    return {plans[match][0]: os.path.join(folder, name)
            for (name, _), match in zip(summaries, matches) if match is not None}


def open_evidence(ctx) -> Evidence:
    return Evidence(ctx.root or ctx.settings.root, ctx.settings.as_of, ctx.settings)
