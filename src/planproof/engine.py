"""The linter core: read documents, run the selected rules on them, collect the findings.

A whole run (discovering the files, the caches) is `planproof.pipeline`; this module checks
the documents it is given and never decides what to read."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Iterable

from planproof import document as document_module
from planproof import suppress
from planproof.claims.verifiable import note_facts
from planproof.config import Settings
from planproof.discovery import Source, excluded
from planproof.document import Document
from planproof.findings import Finding, Severity, Violation
from planproof.memo import Memo
from planproof.planning.scope import ReadScope
from planproof.rules import Rule, all_rules, selection_rank

PARALLEL_THRESHOLD = 48  # below this many files a process pool costs more than it saves


@dataclass
class Context:
    """What a rule may consult besides its document. Rules never open files themselves."""

    settings: Settings
    mode: str = "lint"  # "lint" or "verify"
    root: str | None = None
    documents: list[Document] = field(default_factory=list)  # every document of the run
    scanned: ReadScope = field(default_factory=ReadScope)  # what the run read (planning.scope)
    memo: Memo = field(default_factory=Memo)  # facts derived from the whole run (planproof.memo)

    def read_planning_file(self, abspath: str, folder: str) -> bytes | None:
        """A tree file that is not a document (`config.json`), read safely (document.read_inside)."""
        from planproof.planning.config import CONFIG_LIMIT

        return document_module.read_inside(abspath, folder, CONFIG_LIMIT)

    @cached_property
    def evidence(self):
        """Repository evidence (verify only), opened on first use."""
        from planproof.evidence.session import open_evidence

        return open_evidence(self)


class Selection:
    """Which rules run on which file, at which severity (prefix matching, most specific wins)."""

    def __init__(self, settings: Settings, mode: str = "lint") -> None:
        self.settings = settings
        self.mode = mode
        self.rules = all_rules()
        chosen = [*settings.select, *settings.extend_select]
        self.enabled = {code for code, r in self.rules.items()
                        if selection_rank(r, chosen) > _longest(code, settings.ignore)}
        self.enabled.add("PP000")
        self._active: dict[str, list[Rule]] = {}

    def active(self, scope: str) -> list[Rule]:
        """The enabled rules of `scope` for this mode (computed once; asked once per document)."""
        if scope not in self._active:
            self._active[scope] = [r for code, r in self.rules.items()
                                   if code in self.enabled and r.scope == scope
                                   and (r.mode == "lint" or self.mode == "verify")]
        return self._active[scope]

    def ignored_for(self, path: str) -> list[str]:
        """Codes that per-file-ignores turn off for `path` (globs as in `exclude`: matched against
        the path as given, relative to the configuration file, and against its parts)."""
        if not self.settings.per_file_ignores:
            return []
        candidates = [path]
        if self.settings.config_file:
            base = os.path.dirname(os.path.abspath(self.settings.config_file))
            relative = os.path.relpath(os.path.abspath(path), base)
            if not relative.startswith(".."):
                candidates.append(relative)
        return [code for pattern, codes in self.settings.per_file_ignores.items()
                if any(excluded(candidate, [pattern]) for candidate in candidates)
                for code in codes]

    def severity(self, rule: Rule, violation: Violation) -> Severity:
        overrides = self.settings.severity
        best = max((p for p in overrides if rule.code.startswith(p.upper())), key=len, default=None)
        if best is not None:
            return Severity(overrides[best])
        return violation.severity or rule.severity


def _longest(code: str, prefixes: Iterable[str]) -> int:
    return max((2 if p.upper() == "ALL" else len(p) for p in prefixes
                if code.startswith(p.upper()) or p.upper() == "ALL"), default=0)


def internal_error(rule: Rule, path: str, exc: BaseException, debug: bool) -> Finding:
    evidence = {"rule": rule.code, "exception": f"{type(exc).__name__}: {exc}"}
    if debug:
        import traceback

        evidence["traceback"] = traceback.format_exc()
    return Finding("PP000", "internal-error", Severity.ERROR, path, 1, 1, 1, 1,
                   f"rule {rule.code} ({rule.name}) failed on this file: {type(exc).__name__}: {exc}",
                   "this is a bug in planproof; rerun with --debug for the traceback and report it",
                   evidence)


def check_document(doc: Document, selection: Selection, ctx: Context,
                   only_mode: str | None = None) -> list[Finding]:
    ignored = selection.ignored_for(doc.path)
    findings = []
    for rule in selection.active("document"):
        if only_mode and rule.mode != only_mode:
            continue
        if any(rule.code.startswith(c.upper()) for c in ignored):
            continue
        try:
            for violation in rule.check(doc, ctx) or ():
                findings.append(Finding.from_violation(rule, doc.path, violation,
                                                       selection.severity(rule, violation)))
        except Exception as exc:  # a broken rule must not end the run
            findings.append(internal_error(rule, doc.path, exc, selection.settings.debug))
    return findings


def check_tree(docs: list[Document], selection: Selection, ctx: Context) -> list[Finding]:
    findings = []
    for rule in selection.active("tree"):
        try:
            for doc, violation in rule.check(docs, ctx) or ():
                if any(rule.code.startswith(c.upper()) for c in selection.ignored_for(doc.path)):
                    continue
                findings.append(Finding.from_violation(rule, doc.path, violation,
                                                       selection.severity(rule, violation)))
        except Exception as exc:
            path = docs[0].path if docs else "."
            findings.append(internal_error(rule, path, exc, selection.settings.debug))
    return findings


@dataclass
class Result:
    """What a run found (public: `planproof.Result`): the documents read and every finding,
    sorted by path, line, column and code."""

    documents: list[Document]
    findings: list[Finding]

    @property
    def files(self) -> int:
        """How many documents the run read."""
        return len(self.documents)

    def counts(self) -> dict[str, int]:
        """Findings by severity: {"errors": n, "warnings": n, "info": n}."""
        counts = {"errors": 0, "warnings": 0, "info": 0}
        for finding in self.findings:
            counts[{"error": "errors", "warning": "warnings", "info": "info"}[finding.severity.value]] += 1
        return counts

    def exit_code(self, strict: bool = False) -> int:
        """The command line's exit code: 2 on an internal error (PP000), 1 when an error (with
        `strict`, also a warning) remains, else 0."""
        if any(f.code == "PP000" for f in self.findings):
            return 2
        failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
        return 1 if any(f.severity in failing for f in self.findings) else 0


class Checker:
    """Reads and checks documents with one selection and context, so the evidence they open
    (history, snapshots, file reads) is read once per checker: once per run, or once per pool
    worker, which keeps one checker for every chunk of documents it is given."""

    def __init__(self, settings: Settings, mode: str, root: str | None) -> None:
        self.settings, self.mode = settings, mode
        self.selection = Selection(settings, mode)
        self.ctx = Context(settings, mode, root)

    def check(self, sources: list[Source],
              known: dict[str, bool] | None = None) -> list[tuple[Document, list[Finding]]]:
        """`known`: documents whose lint-scope findings and facts the verify cache holds (path
        -> facts); only their verify-scope rules run."""
        settings, out = self.settings, []
        for source in sources:
            doc = document_module.load(source.path, source.abspath, settings.max_file_size)
            facts = known.get(source.path) if known else None
            only = "verify" if facts is not None else None  # lint-scope findings: from the cache
            out.append((doc, check_document(doc, self.selection, self.ctx, only)))
            if self.mode == "verify":
                note_facts(doc, settings, facts)
        return out


# The checker of a pool worker process, made by the pool's initializer when the process starts;
# the pool (and so the process) lives for one run. The only run state planproof keeps in a module.
_pool_checker: Checker | None = None


def _start_pool_worker(settings: Settings, mode: str, root: str | None) -> None:
    global _pool_checker
    _pool_checker = Checker(settings, mode, root)


def _check_in_pool_worker(sources: list[Source],
                          known: dict[str, bool] | None) -> list[tuple[Document, list[Finding]]]:
    return _pool_checker.check(sources, known)


def _chunks(items: list, count: int) -> list[list]:
    size = max(1, -(-len(items) // (count * 4)))
    return [items[i:i + size] for i in range(0, len(items), size)]


def _one_of_each_kind(sources: list[Source]) -> list[int]:
    from planproof.document import kind_from_name

    first: dict[str | None, int] = {}
    for index, source in enumerate(sources):
        first.setdefault(kind_from_name(source.path), index)
    return sorted(first.values())


def check_sources(sources: list[Source], settings: Settings, mode: str,
                  known: dict[str, bool] | None = None) -> list[tuple[Document, list[Finding]]]:
    """Read and check each document, in a process pool when there are enough of them.

    One document of each kind is checked here before the pool forks, so that every worker
    inherits the imports, compiled patterns and schema validators those checks loaded.
    """
    jobs = settings.jobs or os.cpu_count() or 1
    if jobs <= 1 or len(sources) < PARALLEL_THRESHOLD:
        return Checker(settings, mode, settings.root).check(sources, known)
    from concurrent.futures import ProcessPoolExecutor  # 13 ms of imports a small run never needs

    warm = _one_of_each_kind(sources)
    checked = dict(zip(warm, Checker(settings, mode, settings.root).check(
        [sources[i] for i in warm], known)))
    rest = [i for i in range(len(sources)) if i not in checked]
    with ProcessPoolExecutor(max_workers=jobs, initializer=_start_pool_worker,
                             initargs=(settings, mode, settings.root)) as pool:
        parts = pool.map(partial(_check_in_pool_worker, known=known),
                         _chunks([sources[i] for i in rest], jobs))
        checked.update(zip(rest, (pair for part in parts for pair in part)))
    return [checked[i] for i in range(len(sources))]


def finish(checked: list[tuple[Document, list[Finding]]], settings: Settings, mode: str,
           scanned: ReadScope = ReadScope()) -> Result:
    """Tree rules and suppressions over the checked documents, findings in a stable order."""
    documents = [doc for doc, _ in checked]
    findings = [f for _, doc_findings in checked for f in doc_findings]
    selection = Selection(settings, mode)
    ctx = Context(settings, mode, settings.root, documents, scanned)
    findings.extend(check_tree(documents, selection, ctx))
    findings = suppress.apply(documents, findings, selection, scanned)
    findings.sort(key=Finding.sort_key)
    return Result(documents, findings)


def check_text(text: str, path: str = "document.md", settings: Settings | None = None,
               mode: str = "lint") -> list[Finding]:
    """Check `text` as the file `path` would be checked, without reading it from disk (public:
    `planproof.check_text`): the selected rules of `mode` ("lint" or "verify"), suppression
    comments applied, findings sorted. A plain text is one document, and no folder counts as
    read completely (rules about a missing file stay silent); a text made of `<!-- file: PATH -->`
    sections (as rule examples are written) is checked as that whole planning tree. `settings`
    defaults to `Settings()`."""
    from planproof.planning.examples import example_documents  # `<!-- file: PATH -->` sections: a whole tree

    settings = settings or Settings()
    docs, scanned = example_documents(text, path)
    selection = Selection(settings, mode)
    ctx = Context(settings, mode, settings.root, docs, scanned)
    findings = [f for doc in docs for f in check_document(doc, selection, ctx)]
    findings += check_tree(docs, selection, ctx)
    findings = suppress.apply(docs, findings, selection, scanned)
    return sorted(findings, key=Finding.sort_key)
