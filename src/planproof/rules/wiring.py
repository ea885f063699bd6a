"""PP576-PP577: an artifact exists and is substantive, but is it wired? (verify only)

GSD's third level: WIRED means imported and used elsewhere. For the code artifacts (Python,
JS/TS) of executed PLANs, `evidence/source_index.py` answers which other files import or name them,
and whether the names a plan says the artifact `exports` are used outside it. That index is of
the work tree, so an artifact changed since the commit that recorded its plan is not judged
(plan_artifacts.py).
"""

from __future__ import annotations

import os
import re

from planproof.evidence.languages import JS_EXT
from planproof.evidence.testfiles import is_test_file
from planproof.findings import Violation
from planproof.rules import rule
from planproof.rules.examples import executed_artifact
from planproof.rules.plan_artifacts import (
    deduplicated, executed_artifacts, judged, stub_scan, unchanged_since,
)

CODE_EXT = (".py", *JS_EXT)


def _wiring(doc, ctx) -> dict[str, list[Violation]]:
    out: dict[str, list[Violation]] = {}
    ev = ctx.evidence
    artifacts = [a for a in executed_artifacts(doc, ev) if a[2].abspath.endswith(CODE_EXT)]
    if not artifacts:
        return out
    index = ev.source_index(ev.root_for(doc))
    if not index.complete:
        return out
    from planproof.evidence.source_index import entry_point

    must = doc.meta.get("must_haves") or {}
    entries = {os.path.normpath(e["path"]): e for e in must.get("artifacts") or []
               if isinstance(e, dict) and isinstance(e.get("path"), str)}
    seen = set()
    when = judged(doc, ctx)
    for written, span, resolved in artifacts:
        if resolved.relative in seen or resolved.relative not in index.files:
            continue
        seen.add(resolved.relative)
        if not unchanged_since(doc, when, written, resolved):
            continue  # the index is of today: a file changed since the plan is not judged for wiring
        if any(s.kind == "stub-body" for s in stub_scan(ctx, resolved).stubs):
            continue  # a stub is reported as a stub (PP570), not as unwired
        if is_test_file(resolved.relative):
            continue  # tests are run by the test runner, and export nothing to the application
        entry = entry_point(resolved.relative, ev.repo.read(resolved.abspath).text)
        orphan = None if entry else _orphan(ctx, index, resolved)
        if orphan:
            orphan[2]["judged_at"] = when.judged_at
            out.setdefault("PP576", []).append(Violation(orphan[0], span, orphan[1], orphan[2]))
            continue
        declared = entries.get(os.path.normpath(written), {})
        if entry and "exports" not in declared:
            continue  # an entry point's functions are called by whoever runs it
        for violation in _unused_exports(ctx, index, resolved, declared, span):
            violation.evidence["judged_at"] = when.judged_at
            out.setdefault("PP577", []).append(violation)
    return out


def _orphan(ctx, index, resolved):
    from planproof.evidence.source_index import mentions

    importers = sorted(index.imported_by(resolved.relative))
    if any(not is_test_file(i) for i in importers):
        return None
    named = mentions(index, ctx.evidence.repo, resolved.relative)
    if any(not is_test_file(n) for n in named):
        return None
    evidence = {"path": resolved.relative, "imported_by": importers, "mentioned_by": named,
                "searched": f"{len(index.files)} source files and {len(index.texts)} other files",
                "module_names": index.names_of.get(resolved.relative, [])}
    if importers or named:
        tests = sorted(set(importers) | set(named))
        return (f"{resolved.relative} is used only by tests ({', '.join(tests[:3])}): nothing in the "
                "application imports it", "wire it where the feature needs it (import and call it), "
                "or say in the plan that it is a library for later phases", evidence)
    return (f"{resolved.relative} is not imported or named by any other file (orphaned)",
            "import and use it where the feature needs it, or remove it", evidence)


def _unused_exports(ctx, index, resolved, entry: dict, span):
    names = entry.get("exports")
    declared = isinstance(names, (str, list))
    names = [names] if isinstance(names, str) else names if isinstance(names, list) else []
    if not declared and resolved.relative.endswith(".py"):
        names = _dead_functions(ctx.evidence.repo.read(resolved.abspath).text)
    wanted = []
    for name in names:
        if isinstance(name, str):
            bare = re.sub(r"\(.*$", "", name.strip().strip("`'\"")).strip()
            if re.fullmatch(r"[A-Za-z$][\w$]*", bare) and bare != "default" and len(bare) > 2:
                wanted.append(bare)
    if not wanted:
        return
    others = [f for f in index.files if f != resolved.relative]
    patterns = {n: re.compile(r"(?<![\w$])" + re.escape(n) + r"(?![\w$])") for n in wanted}
    used = {n: None for n in wanted}
    for other in others:
        text = ctx.evidence.repo.read(os.path.join(index.root, other)).text
        for name in wanted:
            if used[name] is None and patterns[name].search(text):
                used[name] = other
        if all(used.values()):
            return
    for name in wanted:
        if used[name] is None:
            what = "exports" if declared else "defines the top-level function"
            yield Violation(f"{resolved.relative} {what} '{name}' but no other source file uses it",
                            span, "call it where the feature needs it, or drop it" +
                            (" from the exports" if declared else ""),
                            {"path": resolved.relative, "export": name, "declared_in_plan": declared,
                             "searched": f"{len(others)} other source files (whole-word search)"})


def _dead_functions(text: str) -> list[str]:
    """Top-level public functions without decorators (decorators register route handlers, CLI
    commands, fixtures) whose name occurs only in their own `def` line in the file."""
    import ast

    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    out = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not node.decorator_list \
                and not node.name.startswith("_") and \
                len(re.findall(r"(?<![\w$])" + re.escape(node.name) + r"(?![\w$])", text)) == 1:
            out.append(node.name)
    return out


def _wiring_findings(docs, ctx) -> dict[str, list]:
    """(document, violation) pairs by code, for every executed PLAN of the run."""
    return deduplicated(docs, ctx, "plan-artifact-wiring", _wiring)


_CACHE = "_STORE = {}\n\n\ndef lookup(key):\n    return _STORE.get(key)\n\n\ndef warm_cache(keys):\n" \
    "    for key in keys:\n        _STORE[key] = key.upper()\n"
_API = "from geo import cache\n\n\ndef answer(key):\n    return cache.lookup(key)\n\n\n"


@rule("PP576", "artifact-orphaned", "warning", mode="verify", scope="tree",
      summary="A code artifact exists and is substantive, but no other file imports or names it.",
      what="""
         For the Python and JS/TS artifacts of executed PLANs: Python imports are resolved through
         the package layout (the root, `src/`, `lib/`, pyproject `where`), JS/TS import
         specifiers relative or through tsconfig/jsconfig `paths`/`baseUrl`; a dynamic
         require(`./commands/${name}.js`) or `import_module(f"pkg.plugins.{name}")` uses
         every file under that folder or package. A file is also used
         when configuration or code names its path or dotted module name (pyproject scripts,
         Dockerfiles, CI, `"pkg.mod:app"`). Entry points are not orphans: tests, `__main__`
         guards, `main.py`/`index.ts`/`cli.py`, framework-discovered files (`models.py`,
         `app/**/page.tsx`, `pages/`), scripts, migrations and config files. A file imported
         only by tests is reported as such. Example: `src/geo/cache.py` that nothing imports
         fails; the same file imported by `src/geo/api.py` passes. Who imports a file is read
         from the work tree only, so an artifact whose content changed since the commit that
         recorded its plan is not judged for wiring (`--as-of now` judges every artifact).
      """,
      why="""
         GSD's ORPHANED level: the code was written (and maybe tested) but the feature never
         reaches users because nothing calls it. `exists` and `contains` cannot see that.
      """,
      bad=executed_artifact("src/geo/cache.py", {"src/geo/__init__.py": "", "src/geo/cache.py": _CACHE}),
      at=(6, 13),
      example_path=".planning/phases/01-geo/01-01-PLAN.md",
      good=executed_artifact("src/geo/cache.py", {"src/geo/__init__.py": "", "src/geo/cache.py": _CACHE,
                                                  "src/geo/api.py": _API}))
def artifact_orphaned(docs, ctx):
    return _wiring_findings(docs, ctx).get("PP576", [])


@rule("PP577", "export-unused", "warning", mode="verify", scope="tree",
      summary="A name a plan says an artifact exports is used by no other source file.",
      what="""
         For each name in an artifact's `exports` (executed PLANs, Python and JS/TS files that
         are wired), the other source files of the repository are searched for the name as a
         whole word. Private names (`_helper`), names of two characters or fewer and `default`
         are not searched. For a Python artifact without `exports`, its top-level public
         functions without decorators that are not used in the file itself are searched the same
         way (decorated functions are registered by a framework: routes, commands, fixtures).
         Like PP576, only an artifact unchanged since the commit that recorded its plan is
         judged. Example:
         `exports: [warm_cache]` where only `src/geo/cache.py` itself says `warm_cache` fails;
         a call `cache.warm_cache()` in `src/geo/api.py` passes.
      """,
      why="""
         GSD's export-level spot check: a symbol the plan promised to other code that nothing
         calls is dead code or a missing wire, which GSD rates as a warning.
      """,
      bad=executed_artifact("src/geo/cache.py", {"src/geo/__init__.py": "", "src/geo/cache.py": _CACHE,
                                                 "src/geo/api.py": _API}, "      exports: [lookup, warm_cache]\n"),
      at=(6, 13),
      example_path=".planning/phases/01-geo/01-01-PLAN.md",
      good=executed_artifact("src/geo/cache.py", {"src/geo/__init__.py": "", "src/geo/cache.py": _CACHE,
                                                  "src/geo/api.py": _API + "cache.warm_cache(['x'])\n"},
                             "      exports: [lookup, warm_cache]\n"))
def export_unused(docs, ctx):
    return _wiring_findings(docs, ctx).get("PP577", [])
