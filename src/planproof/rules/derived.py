"""PP578-PP579: must-haves derived from the ROADMAP when a PLAN has none (verify only).

A PLAN without `must_haves` gives verify nothing to check. Its phase's `**Success Criteria**`
in the ROADMAP often name files, commands and counts: those are turned into checks, and the
finding says so. Only what a criterion writes in a code span is taken (`docs/BRANCHING.md`,
`k8s/osm/base/`, `pytest -q`); prose is not guessed at.
"""

from __future__ import annotations

import re

from planproof import lazyre
from planproof.findings import Span, Violation
from planproof.rules import dedent, rule
from planproof.rules.repository.pathtext import is_path_token

CRITERIA_HEADING = lazyre.compile(r"^\s*\**Success Criteria\**", re.I)
CRITERION = lazyre.compile(r"^\s*(?:\d+[.)]|[-*])\s+(.*)$")
CODE_SPAN = lazyre.compile(r"`([^`\n]+)`")
COMMAND_WORD = lazyre.compile(r"^(?:\$\s*)?(?:pytest|python3?|uv|npm|npx|pnpm|yarn|node|go|cargo|make|docker|"
                              r"kubectl|helm|curl|bash|sh|ruff|mypy|tox|planproof|git)\b")
HEDGE = lazyre.compile(r"\bor equivalent\b|\bor similar\b|\be\.g\.|\bsuch as\b|\bfor example\b|\bif\b|\boptional", re.I)
GONE_BEFORE = lazyre.compile(r"(?:\bout of|\bfrom|\binstead of|\bno longer in|\bremov\w*|\bdelet\w*|\brenam\w*|"
                             r"\bmov\w*|\breplac\w*|\bno|\bnot)\s*`?$", re.I)


def _criteria(roadmap, number: str) -> list[tuple[int, str]]:
    """(line, text) of the numbered success criteria under `### Phase N:` of the ROADMAP."""
    from planproof.fences import prose_lines
    from planproof.planning.ids import exact_number
    from planproof.planning.roadmap import ROADMAP_SECTION

    out, section, inside = [], None, False
    for line_number, line in prose_lines(roadmap.doc):
        heading = ROADMAP_SECTION.match(line)
        if heading or line.startswith("#"):
            section, inside = (exact_number(heading.group(1)) if heading else None), False
            continue
        if section != number:
            continue
        if CRITERIA_HEADING.match(line):
            inside = True
            continue
        item = CRITERION.match(line) if inside else None
        if item:
            out.append((line_number, item.group(1)))
        elif inside and line.strip().startswith("**"):
            inside = False
    return out


def derive(text: str) -> dict[str, list[str]]:
    """Files and commands a criterion names in code spans (hedged criteria give no files)."""
    files, commands = [], []
    for match in CODE_SPAN.finditer(text):
        value = match.group(1).strip()
        if COMMAND_WORD.match(value):
            commands.append(value.lstrip("$ "))
        elif is_path_token(value) and "/" in value and not value.startswith("/") \
                and not HEDGE.search(text) and not GONE_BEFORE.search(text[:match.start()]) \
                and not re.match(r"^\d+(?:\.\d+)+$", value):
            files.append(value)
    return {"files": files, "commands": commands}


def _plans_without_must_haves(docs, ctx):
    from planproof.planning.forest import forest

    for tree in forest(docs, ctx):
        if tree.roadmap is None:
            continue
        for phase in tree.active_phases():
            bare = [e.plan for e in phase.plans if "must_haves" not in e.plan.meta and not e.plan.skipped]
            if bare and phase.number:
                yield tree, phase, bare


def _derived(docs, ctx):
    out = {"PP578": [], "PP579": []}
    for tree, phase, plans in _plans_without_must_haves(docs, ctx):
        criteria = _criteria(tree.roadmap, phase.number)
        derived = [(line, text, derive(text)) for line, text in criteria]
        files = [(line, f) for line, _, d in derived for f in d["files"]]
        commands = [{"line": line, "command": c} for line, _, d in derived for c in d["commands"]]
        if not files and not commands:
            continue
        executed = [p for p in plans if ctx.evidence.executed(p)]
        for plan in plans:
            out["PP578"].append((plan, Violation(
                f"no must_haves: {len(files)} file(s) and {len(commands)} command(s) derived from the "
                f"ROADMAP success criteria of phase {phase.number}",
                plan.frontmatter.span("phase"),
                "write must_haves (artifacts, key_links, truths) so the plan says what it delivers",
                {"roadmap": tree.roadmap.doc.path, "phase": phase.number,
                 "derived_files": [{"line": line, "path": f} for line, f in files],
                 "commands_to_run": commands, "checked": bool(executed)})))
        if executed:
            out["PP579"] += list(_check_files(ctx, tree, phase, files, executed))
    return out


def _check_files(ctx, tree, phase, files, executed):
    roadmap = tree.roadmap.doc
    for line, written in files:
        resolved = ctx.evidence.resolve(roadmap, written)
        if resolved.refused or resolved.exists:
            continue
        column = max(roadmap.lines[line - 1].find(written) + 1, 1)
        yield roadmap, Violation(
            f"phase {phase.number}'s success criterion names {written}, which does not exist although "
            f"its plans without must_haves were executed", Span(line, column, line, column + len(written)),
            "create it, or correct the criterion (the plans have no must_haves, so this was derived "
            "from the ROADMAP)",
            {**resolved.evidence(), "derived_for": [p.path for p in executed], "phase": phase.number})


def _derived_findings(docs, ctx) -> dict[str, list]:
    return ctx.memo.get("derived-must-haves", lambda: _derived(docs, ctx))


_EXAMPLE = """
    <!-- file: .planning/ROADMAP.md -->
    # Roadmap

    ### Phase 29: Cutover
    **Success Criteria** (what must be TRUE):
      1. Branching strategy documented in `{path}`
      2. `pytest -q` passes
    <!-- file: .planning/phases/29-cutover/29-01-PLAN.md -->
    ---
    phase: 29-cutover
    plan: 1
    {must}
    ---
    # Plan 29-01
"""

_EXECUTED = """<!-- file: .planning/phases/29-cutover/29-01-SUMMARY.md -->
---
phase: 29-cutover
plan: 1
---
# Summary 29-01
"""
_BRANCHING = "<!-- file: docs/BRANCHING.md -->\n# Branching\n\nTrunk-based; release branches per tag.\n"


@rule("PP578", "must-haves-derived", "info", mode="verify", scope="tree",
      summary="A PLAN has no must_haves: checks were derived from its phase's ROADMAP success criteria.",
      what="""
         For each PLAN without `must_haves`, the `**Success Criteria**` list of its phase in the
         ROADMAP (`### Phase N:`) is read. File paths written in code spans become existence
         checks (PP579) once a plan without must_haves is executed (only paths with a folder:
         a bare `kustomization.yaml` or `table.column` does not say where it lives); commands in code spans
         (`pytest ...`, `kubectl ...`) are listed in `evidence.commands_to_run`, never run.
         Criteria that hedge ("or equivalent", "e.g.", "if") or name a path something was moved
         out of or removed from give no file. One info finding per such PLAN, saying what was
         derived.
      """,
      why="""
         A plan without must-haves can be "verified" vacuously. The ROADMAP already says what
         the phase must make true; using it, and saying so, beats checking nothing.
      """,
      bad=_EXAMPLE.format(path="docs/BRANCHING.md", must="wave: 1"),
      at=(2, 8),
      good=_EXAMPLE.format(path="docs/BRANCHING.md", must="must_haves:\n      truths: [\"cutover done\"]"),
      example_path=".planning/phases/29-cutover/29-01-PLAN.md")
def must_haves_derived(docs, ctx):
    return _derived_findings(docs, ctx)["PP578"]


@rule("PP579", "derived-must-have-missing", "warning", mode="verify", scope="tree",
      summary="A file a ROADMAP success criterion names does not exist, and the phase's plans "
              "without must_haves were executed.",
      what="""
         The check derived by PP578: a path written in a code span of a success criterion must
         exist (file or directory) once a plan of the phase without `must_haves` has a SUMMARY.
         Reported on the ROADMAP line, with the plans it was derived for.
      """,
      why="The phase says it is done; the file its own success criteria name is not there.",
      bad=dedent(_EXAMPLE.format(path="docs/BRANCHING.md", must="wave: 1")) + _EXECUTED,
      at=(5, 40),
      good=dedent(_EXAMPLE.format(path="docs/BRANCHING.md", must="wave: 1")) + _EXECUTED
      + _BRANCHING,
      example_path=".planning/ROADMAP.md")
def derived_must_have_missing(docs, ctx):
    return _derived_findings(docs, ctx)["PP579"]
