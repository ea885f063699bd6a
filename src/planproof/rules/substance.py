"""PP570-PP575: an artifact exists, but is it substantive (not a stub)? (verify only)

GSD's verifier rates every artifact on three levels: it exists, it is substantive, it is wired.
PP501-PP504 answer the first; these rules answer the second from the code itself, for the
`must_haves.artifacts` of executed PLANs (a plan not executed yet may legitimately point at a
stub it is about to fill); wiring.py answers the third. Files are read through `ctx.evidence` like
every PP5xx check, at the commit that recorded the plan (plan_artifacts.py).

One finding per artifact and rule: the message names the first function and line, the evidence
lists every site (`sites`). A file listed by several plans is reported once, at the last of them.
"""

from __future__ import annotations

from planproof.findings import Violation
from planproof.rules import rule
from planproof.rules.examples import executed_artifact
from planproof.rules.plan_artifacts import (
    deduplicated, executed_artifacts, judged, still_there, stub_scan,
)

KIND_CODE = {"stub-body": "PP570", "placeholder": "PP571", "marker": "PP572", "todo": "PP573",
             "empty-return": "PP574", "log-only": "PP575"}
KIND_TEXT = {
    "stub-body": ("is a stub", "write the implementation (or remove the artifact from the plan)"),
    "placeholder": ("shows placeholder text", "replace the placeholder with the real content"),
    "marker": ("has a FIXME/XXX/TBD with no issue reference",
               "fix it, or reference the issue that tracks it (#123, ABC-123, a URL)"),
    "todo": ("has a TODO/HACK with no issue reference",
             "finish it, or reference the issue that tracks it (#123, ABC-123, a URL)"),
    "empty-return": ("returns nothing useful", "render or return the real result, or call the "
                     "real handler"),
    "log-only": ("only logs", "do the work the function is named for"),
}


def _plan_stubs(doc, ctx) -> dict[str, list[Violation]]:
    out: dict[str, list[Violation]] = {}
    seen = set()
    when = judged(doc, ctx)
    for written, span, resolved in executed_artifacts(doc, when.view or ctx.evidence):
        if resolved.abspath in seen:
            continue
        seen.add(resolved.abspath)
        result = stub_scan(ctx, resolved, when.view)
        stubs = result.stubs
        if when.still_there and stubs:
            now = ctx.evidence.resolve(doc, written)
            result = stub_scan(ctx, now) if now.is_file else result
            stubs = still_there(stubs, result.stubs) if now.is_file else []
        by_kind: dict[str, list] = {}
        for stub in stubs:
            by_kind.setdefault(stub.kind, []).append(stub)
        for kind, sites in by_kind.items():
            violation = _violation(written, span, resolved, result, kind, sites)
            violation.evidence["judged_at"] = when.judged_at
            out.setdefault(KIND_CODE[kind], []).append(violation)
    return out


def _violation(written, span, resolved, result, kind, stubs) -> Violation:
    what, hint = KIND_TEXT[kind]
    first = stubs[0]
    where = f"{first.name}() at line {first.line}" if first.name else f"line {first.line}"
    more = f" (and {len(stubs) - 1} more)" if len(stubs) > 1 else ""
    message = f"{written} {what}: {where}: {first.detail}{more}"
    evidence = {"path": resolved.relative, "language": result.language, "method": result.method,
                "sites": [s.to_dict() for s in stubs[:50]]}
    if result.notes:
        evidence["notes"] = result.notes
    return Violation(message, span, hint, evidence)


def _stub_findings(docs, ctx) -> dict[str, list]:
    """(document, violation) pairs by code, for every executed PLAN of the run."""
    return deduplicated(docs, ctx, "plan-artifact-stubs", _plan_stubs)


def _artifact_example(path: str, code: str) -> str:
    """An executed plan whose one artifact, `path`, holds `code`."""
    return executed_artifact(path, {path: code})


WHEN = """

         Judged when the plan was recorded (its SUMMARY's commit), like every verify claim: a
         site is reported when it was there at that commit and is still there today (evidence
         `judged_at` names the commit; the line is today's). A stub fixed since, or one added
         after the plan, is not reported. `--as-of now` judges the work tree alone, `--as-of REV`
         the file at REV.
"""


@rule("PP570", "artifact-stub", "error", mode="verify", scope="tree",
      summary="An artifact's function or component has no implementation (a stub).",
      what="""
         In an executed PLAN's artifacts: Python functions whose body is only `pass`, `...` or
         `raise NotImplementedError` (parsed with `ast`); JS/TS functions and Go functions that
         only throw/panic "not implemented"; Rust functions that only call `todo!()` or
         `unimplemented!()` (tree-sitter grammars). Not stubs: abstract methods, Protocol/ABC
         classes, classes named Base*/Abstract*/*Interface/*Mixin/*Handler/*Observer, classes
         another class of the file derives from, classes whose methods are all empty (null
         objects), `@overload` and hook specifications, a docstring alone (it specifies an
         interface), `pass` overrides of a base-class method, dunder and nested functions,
         shims under a module-level `if`/`try`, `NotImplementedError("use X instead")`, a body
         whose comment explains it, and test files (test doubles). Example: `def
         geocode(address): raise NotImplementedError` fails; `def geocode(address): return
         lookup(address)` passes.""" + WHEN,
      why="The file exists and the plan says it is done, but the feature is not there: the "
           "STUB level of GSD's verification, which `exists` and `min_lines` let through.",
      bad=_artifact_example(
          "src/geo.py", "def geocode(address):\n    raise NotImplementedError\n"),
      at=(6, 13),
      example_path=".planning/phases/01-geo/01-01-PLAN.md",
      good=_artifact_example(
          "src/geo.py", "def geocode(address):\n    return address.strip().lower()\n"))
def artifact_stub(docs, ctx):
    return _stub_findings(docs, ctx).get("PP570", [])


@rule("PP571", "artifact-placeholder-text", "error", mode="verify", scope="tree",
      summary="An artifact shows placeholder text (\"coming soon\", \"will be here\", \"lorem ipsum\").",
      what="""
         String literals and JSX text (not comments, docstrings, error messages or
         `placeholder=` input hints) reading "coming soon", "will be here", "lorem ipsum",
         "placeholder text/content/page/...", "this is a placeholder", or "not yet implemented".
         Example: `<p>Coming soon</p>` in `src/Dashboard.tsx` fails; `<input
         placeholder="Search" />` passes.""" + WHEN,
      why="GSD rates placeholder text a blocker: users would see it.",
      bad=_artifact_example(
          "src/Dashboard.tsx", "export function Dashboard() {\n  return <p>Coming soon</p>;\n}\n"),
      at=(6, 13),
      example_path=".planning/phases/01-geo/01-01-PLAN.md",
      good=_artifact_example(
          "src/Dashboard.tsx", "export function Dashboard({ rows }) {\n"
          "  return <ul>{rows.map((r) => <li key={r.id}>{r.name}</li>)}</ul>;\n}\n"))
def artifact_placeholder_text(docs, ctx):
    return _stub_findings(docs, ctx).get("PP571", [])


@rule("PP572", "unreferenced-fixme", "error", mode="verify", scope="tree",
      summary="An artifact has a FIXME, XXX or TBD comment with no issue or PR reference.",
      what="""
         Comments (Python `tokenize`, tree-sitter comment nodes) holding FIXME, XXX or TBD as a
         word, with no reference on the same line: `#123`, `ABC-123`, a URL, "issue 12", "PR 7".
         Format masks such as `555-XXX-XXXX` are not markers. Example: `# FIXME handle
         timeouts` fails; `# FIXME handle timeouts (#42)` passes.""" + WHEN,
      why="GSD rates an untracked FIXME in shipped work a blocker: known breakage nobody tracks.",
      bad=_artifact_example(
          "src/client.py", "def fetch(session, url):\n    # FIXME handle timeouts\n"
          "    return session.get(url)\n"),
      at=(6, 13),
      example_path=".planning/phases/01-geo/01-01-PLAN.md",
      good=_artifact_example(
          "src/client.py", "def fetch(session, url):\n    # FIXME(#42): handle timeouts\n"
          "    return session.get(url)\n"))
def unreferenced_fixme(docs, ctx):
    return _stub_findings(docs, ctx).get("PP572", [])


@rule("PP573", "unreferenced-todo", "warning", mode="verify", scope="tree",
      summary="An artifact has a TODO or HACK comment with no issue or PR reference.",
      what="""
         Like PP572 for TODO and HACK, which GSD rates as warnings. Example: `// TODO: retry`
         fails; `// TODO(#88): retry` passes.""" + WHEN,
      why="Work the plan calls done still says it is not; without a reference nobody will find it.",
      bad=_artifact_example(
          "src/client.ts", "export async function load(url: string) {\n  // TODO: retry\n"
          "  return fetch(url);\n}\n"),
      at=(6, 13),
      example_path=".planning/phases/01-geo/01-01-PLAN.md",
      good=_artifact_example(
          "src/client.ts", "export async function load(url: string) {\n  // TODO(#12): retry\n"
          "  return fetch(url);\n}\n"))
def unreferenced_todo(docs, ctx):
    return _stub_findings(docs, ctx).get("PP573", [])


@rule("PP574", "empty-return", "warning", mode="verify", scope="tree",
      summary="An artifact's function or component only returns null/undefined/{}/[] or has an empty body.",
      what="""
         JS/TS/TSX: a function or component whose only statement returns `null`, `undefined`,
         `{}`, `[]` or `<></>`; a named function, method or JSX event handler (`onClick={() =>
         {}}`) with an empty body. Go: a function with an empty body. Callbacks passed as call
         arguments (`.catch(() => {})`), constructors and bodies holding a comment are not
         reported; early returns next to other statements are normal code. Example: `export
         function Chart() { return null }` fails; `export function Chart({data}) { if (!data)
         return null; return <svg/> }` passes.""" + WHEN,
      why="GSD rates empty returns as warnings: a component that renders nothing is a stub that "
           "compiles.",
      bad=_artifact_example(
          "src/Chart.tsx", "export function Chart() {\n  return null;\n}\n"),
      at=(6, 13),
      example_path=".planning/phases/01-geo/01-01-PLAN.md",
      good=_artifact_example(
          "src/Chart.tsx", "export function Chart({ points }) {\n"
          "  return <svg>{points.map((p, i) => <circle key={i} cx={i} cy={p} r={1} />)}</svg>;\n}\n"))
def empty_return(docs, ctx):
    return _stub_findings(docs, ctx).get("PP574", [])


@rule("PP575", "log-only-function", "warning", mode="verify", scope="tree",
      summary="An artifact's function only logs.",
      what="""
         A function whose statements are all logging calls (`print`, `logger.*`, `logging.*`,
         `console.*`, `log.*`/`fmt.Print*`, `println!`/`info!`), optionally followed by a bare
         return. Example: `def sync(): logger.info("sync")` fails; `def sync():
         logger.info("sync"); push()` passes.""" + WHEN,
      why="GSD rates functions that only log as warnings: the handler was stubbed with a trace.",
      bad=_artifact_example(
          "src/sync.py", "import logging\n\nlogger = logging.getLogger(__name__)\n\n\n"
          "def sync(store):\n    logger.info('sync')\n"),
      at=(6, 13),
      example_path=".planning/phases/01-geo/01-01-PLAN.md",
      good=_artifact_example(
          "src/sync.py", "import logging\n\nlogger = logging.getLogger(__name__)\n\n\n"
          "def sync(store):\n    logger.info('sync')\n    return store.flush()\n"))
def log_only_function(docs, ctx):
    return _stub_findings(docs, ctx).get("PP575", [])
