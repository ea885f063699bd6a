"""PP3xx: does a PLAN hang together? Tasks, checkpoints, waves, files and must-haves.

Document-scope rules; the rules that need the other plans of the phase are in structure_tree.py.
"""

from __future__ import annotations

import re
import textwrap
from typing import Iterator

from planproof import planfiles
from planproof.findings import Span, Violation
from planproof.rules import rule

CHECKPOINT_NEEDS = {  # each inner tuple: at least one of these elements
    "checkpoint:human-verify": (("how-to-verify", "verify"),),
    "checkpoint:decision": (("decision",), ("options",)),
    "checkpoint:human-action": (("action", "instructions", "how-to-verify"),),
}

PLAN_HEAD = """\
---
phase: "01"
plan: "01"
type: execute
wave: 1
depends_on: []
files_modified: [src/app.py]
autonomous: {autonomous}
must_haves:
  truths: ["The app starts"]
  artifacts:
    - path: src/app.py
      provides: "entry point"
---
"""


def _plan(autonomous: str = "true") -> str:
    """The example PLAN frontmatter, indented like the example bodies written after it (the
    registry dedents each example as a whole)."""
    return textwrap.indent(PLAN_HEAD.format(autonomous=autonomous), " " * 8)


def _linked(to: str, source: str = "src/app.py") -> str:
    link = f"  key_links:\n    - from: {source}\n      to: {to}\n      via: import\n"
    head = PLAN_HEAD.format(autonomous="true").replace("---\n", "", 1)
    return "---\n" + head.replace("\n---\n", "\n" + link + "---\n")


# --- helpers --------------------------------------------------------------------------------

def tasks(doc) -> list:
    return list(doc.elements.iter("task")) if doc.kind == "PLAN" else []


def task_type(task) -> str:
    return task.attrs.get("type", "auto").strip().lower() or "auto"


def is_checkpoint(task) -> bool:
    return task_type(task).startswith("checkpoint")


def tag_span(element) -> Span:
    return Span(element.line, element.column, element.content_line or element.line,
                element.content_column or element.column + 1)


# Task dialects real teams write besides the template's <name>/<action>: `<task id="3"
# title="...">` with the action as the element's text, <title>/<instructions>, TDD <feature>
# blocks (<name>, <behavior>, <implementation>).
NAME_ELEMENTS = ("name", "title")
ACTION_ELEMENTS = ("action", "instructions", "implementation", "behavior", "steps", "description")


def task_name(task) -> str:
    """What the task is called, in whichever dialect it is written ('' when it has no name)."""
    holders = [task] + [f for f in (task.child("feature"),) if f is not None]
    for holder in holders:
        for name in NAME_ELEMENTS:
            element = holder.child(name)
            if element is not None and element.text:
                return re.sub(r"\s+", " ", element.text)
    return next((task.attrs[key].strip() for key in ("title", "name")
                 if task.attrs.get(key, "").strip()), "")


def has_action(task) -> bool:
    """Whether the task says what to do: an action-like element, a TDD <feature>, or its own
    text outside any child element (`<task id="3" title="...">Do this.</task>`)."""
    if any(task.child(n) is not None and task.child(n).text for n in ACTION_ELEMENTS):
        return True
    if task.child("feature") is not None:
        return True
    return bool(re.search(r"\w", task.own_text()))


def label(task, index: int) -> str:
    text = task_name(task)
    return f"task {index} ({text[:60]})" if text else f"task {index}"


def text_span(doc, element, needle: str) -> Span:
    """Where `needle` is written inside `element` (its tag when it cannot be found)."""
    last = element.end_line or element.line
    for line_no in range(element.line, min(last, len(doc.lines)) + 1):
        column = doc.lines[line_no - 1].find(needle)
        if column >= 0:
            return Span(line_no, column + 1, line_no, column + 1 + len(needle))
    return tag_span(element)


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _must_haves(doc) -> dict | None:
    value = doc.meta.get("must_haves") if doc.kind == "PLAN" else None
    return value if isinstance(value, dict) else None


# --- tasks ----------------------------------------------------------------------------------

def _auto_tasks_missing(doc, names: tuple[str, ...]):
    """(number, task, missing element names) for each non-checkpoint task lacking some of `names`."""
    for index, task in enumerate(tasks(doc), 1):
        if is_checkpoint(task):
            continue
        missing = [n for n in names if task.child(n) is None]
        if missing:
            yield index, task, missing


@rule("PP301", "task-missing-name-or-action", "error",
      summary="An auto task has no <name> or no <action>.",
      what="""
        Every `<task>` that is not a checkpoint (`type="auto"`, `tdd="true"` or no type) needs a
        `<name>` that says what it achieves and an `<action>` that says what to do. Other
        dialects count: a `title` attribute or `<title>` as the name, `<instructions>`, a TDD
        `<feature>` (`<name>`, `<behavior>`, `<implementation>`) or the task's own text as the
        action. Checkpoint tasks are checked by PP303 against their own elements instead.
      """,
      why="An executor given a task without an action has nothing to do, and will guess.",
      bad=_plan() + """
        <tasks>
        <task type="auto">
          <name>Create the entry point</name>
          <files>src/app.py</files>
          <verify>test -f src/app.py</verify>
          <done>app starts</done>
        </task>
        </tasks>
      """,
      good=_plan() + """
        <tasks>
        <task type="auto">
          <name>Create the entry point</name>
          <files>src/app.py</files>
          <action>Create `src/app.py` with a main() that starts the server.</action>
          <verify>test -f src/app.py</verify>
          <done>app starts</done>
        </task>
        </tasks>
      """)
def missing_name_or_action(doc, ctx) -> Iterator[Violation]:
    for index, task in enumerate(tasks(doc), 1):
        if is_checkpoint(task):
            continue
        missing = [n for n, present in (("name", task_name(task)), ("action", has_action(task)))
                   if not present]
        if not missing:
            continue
        what = " and ".join(f"<{n}>" for n in missing)
        yield Violation(f"{label(task, index)} has no {what}", tag_span(task),
                        hint="say what the task achieves in <name> and what to do in <action>",
                        evidence={"task": index, "missing": missing})


@rule("PP302", "task-missing-details", "warning",
      summary="An auto task has no <files>, <verify> or <done>.",
      what="""
        Auto tasks written in the template's dialect (with an `<action>`) are expected to list
        the files they touch (`<files>`), how to check them (`<verify>`) and when they are done
        (`<done>`). Each missing element is named. Tasks in other dialects are not held to it.
      """,
      why="Without <verify> and <done> nobody can tell whether the task was carried out.",
      bad=_plan() + """
        <tasks>
        <task type="auto">
          <name>Create the entry point</name>
          <files>src/app.py</files>
          <action>Write main() in src/app.py.</action>
        </task>
        </tasks>
      """,
      good=_plan() + """
        <tasks>
        <task type="auto">
          <name>Create the entry point</name>
          <files>src/app.py</files>
          <action>Write main() in src/app.py.</action>
          <verify>python -m app --help</verify>
          <done>app starts</done>
        </task>
        </tasks>
      """)
def missing_details(doc, ctx) -> Iterator[Violation]:
    for index, task, missing in _auto_tasks_missing(doc, ("files", "verify", "done")):
        if task.child("action") is None:
            continue  # another dialect (title/instructions, a TDD feature, plain text): no schema
        what = ", ".join(f"<{n}>" for n in missing)
        yield Violation(f"{label(task, index)} has no {what}", tag_span(task),
                        hint="add the missing elements so the task can be checked",
                        evidence={"task": index, "missing": missing})


@rule("PP303", "checkpoint-task-incomplete", "warning",
      summary="A checkpoint task lacks the elements of its kind, or has an unknown kind.",
      what="""
        `checkpoint:human-verify` needs `<how-to-verify>` (or `<verify>`);
        `checkpoint:decision` needs `<decision>` and `<options>`; `checkpoint:human-action`
        needs `<action>` (or `<instructions>`). Checkpoints never need `<name>`/`<action>`
        otherwise. Any other `checkpoint:` type is reported as unknown.
      """,
      why="A checkpoint stops the run for a person: they must be told what to check or decide.",
      bad=_plan("false") + """
        <tasks>
        <task type="checkpoint:human-verify" gate="blocking">
          <what-built>The login page</what-built>
          <resume-signal>Type "approved"</resume-signal>
        </task>
        </tasks>
      """,
      good=_plan("false") + """
        <tasks>
        <task type="checkpoint:human-verify" gate="blocking">
          <what-built>The login page</what-built>
          <how-to-verify>Open /login and sign in with the test account.</how-to-verify>
          <resume-signal>Type "approved"</resume-signal>
        </task>
        </tasks>
      """)
def checkpoint_incomplete(doc, ctx) -> Iterator[Violation]:
    for index, task in enumerate(tasks(doc), 1):
        kind = task_type(task)
        if not is_checkpoint(task):
            continue
        needs = CHECKPOINT_NEEDS.get(kind)
        if needs is None:
            known = ", ".join(CHECKPOINT_NEEDS)
            yield Violation(f"{label(task, index)} has unknown type '{kind}' (known: {known})",
                            tag_span(task), evidence={"task": index, "type": kind})
            continue
        missing = [group for group in needs if not any(task.child(n) is not None for n in group)]
        for group in missing:
            what = " or ".join(f"<{n}>" for n in group)
            yield Violation(f"{label(task, index)} is a {kind} without {what}", tag_span(task),
                            hint="tell the person what to check, decide or do",
                            evidence={"task": index, "type": kind, "missing": list(group)})


@rule("PP304", "autonomous-with-checkpoint", "error",
      summary="`autonomous: true` but the plan has a checkpoint task that waits for a person.",
      what="Reports `autonomous: true` in a PLAN whose tasks include a `checkpoint:*` task.",
      why="An autonomous plan is run without stopping; its checkpoint would be skipped or block.",
      bad=_plan("true") + """
        <tasks>
        <task type="checkpoint:human-verify">
          <how-to-verify>Open the app.</how-to-verify>
        </task>
        </tasks>
      """,
      good=_plan("false") + """
        <tasks>
        <task type="checkpoint:human-verify">
          <how-to-verify>Open the app.</how-to-verify>
        </task>
        </tasks>
      """)
def autonomous_with_checkpoint(doc, ctx) -> Iterator[Violation]:
    if doc.kind != "PLAN" or doc.meta.get("autonomous") is not True:
        return
    for index, task in enumerate(tasks(doc), 1):
        if is_checkpoint(task):
            yield Violation(
                f"autonomous is true, but {label(task, index)} is a {task_type(task)} that "
                "waits for a person", doc.frontmatter.span("autonomous"),
                hint="set autonomous: false", evidence={"task": index, "line": task.line})
            return


# --- waves ----------------------------------------------------------------------------------

@rule("PP305", "wave-without-dependencies", "warning",
      summary="A plan in wave 2 or later has an empty depends_on.",
      what="`wave` greater than 1 with `depends_on` empty or missing.",
      why="""
        Waves order plans by their dependencies: a later-wave plan that depends on nothing
        either belongs in wave 1 or forgot to say what it waits for.
      """,
      bad=_plan().replace("wave: 1", "wave: 2").replace('plan: "01"', 'plan: "02"'),
      good=_plan().replace("wave: 1", "wave: 2").replace("depends_on: []", 'depends_on: ["01-01"]')
      .replace('plan: "01"', 'plan: "02"'),
      example_path="01-02-PLAN.md")
def wave_without_dependencies(doc, ctx) -> Iterator[Violation]:
    wave = doc.meta.get("wave") if doc.kind == "PLAN" else None
    if not isinstance(wave, int) or isinstance(wave, bool) or wave <= 1:
        return
    if not doc.meta.get("depends_on"):
        where = "depends_on" if "depends_on" in doc.meta else "wave"
        yield Violation(f"wave is {wave}, but depends_on is empty", doc.frontmatter.span(where),
                        hint="list the plans this one waits for, or move it to wave 1",
                        evidence={"wave": wave})


# --- files ----------------------------------------------------------------------------------

CHECKING_TASK = re.compile(r"\b(verif\w*|smoke[- ]test|quality gate|full test suite)\b", re.I)


def checking_task(task) -> bool:
    """A task named for verification (`Verify ...`, `Full test suite ...`): its <files> are the
    files it runs or reads, not files it changes."""
    name = task.child("name")
    return name is not None and bool(CHECKING_TASK.search(name.text))


def _files_modified(doc) -> list[str] | None:
    value = doc.meta.get("files_modified")
    return [str(v) for v in value if isinstance(v, (str, int))] if isinstance(value, list) else None


@rule("PP306", "task-file-not-declared", "warning",
      summary="Files in a task's <files> are missing from files_modified.",
      what="""
        Every path listed in a task's `<files>` should appear in `files_modified` (a folder or a
        glob there covers the files under it; the same file written relative to another working
        directory counts). One finding per task names all its undeclared files; a generated lock
        file (`uv.lock`, `poetry.lock`, `package-lock.json`, `yarn.lock`, `pnpm-lock.yaml`,
        `Cargo.lock`, `go.sum`) is named with its manifest when that is undeclared too, and on its
        own only when the manifest beside it is declared. Tasks named for verification
        (`Verify ...`, `Full test suite ...`, `smoke test`, `quality gate`) are skipped: their
        `<files>` are what they run or read.
      """,
      why="""
        files_modified is what schedulers use to keep parallel plans from touching the same
        files; a file missing there can be edited by two plans at once.
      """,
      bad=_plan() + """
        <tasks>
        <task type="auto">
          <name>Add config</name>
          <files>src/app.py, src/config.py, pyproject.toml, uv.lock</files>
          <action>Read settings in src/config.py; `uv add pydantic-settings`.</action>
          <verify>pytest</verify>
          <done>config read</done>
        </task>
        </tasks>
      """,
      good=_plan().replace("[src/app.py]", "[src/app.py, src/config.py, pyproject.toml, uv.lock]")
      + """
        <tasks>
        <task type="auto">
          <name>Add config</name>
          <files>src/app.py, src/config.py, pyproject.toml, uv.lock</files>
          <action>Read settings in src/config.py; `uv add pydantic-settings`.</action>
          <verify>pytest</verify>
          <done>config read</done>
        </task>
        </tasks>
      """)
def task_file_not_declared(doc, ctx) -> Iterator[Violation]:
    declared = _files_modified(doc)
    if declared is None:
        return
    for index, task in enumerate(tasks(doc), 1):
        element = task.child("files")
        if element is None or checking_task(task):
            continue
        paths = [p for p in dict.fromkeys(planfiles.task_files(element.content))
                 if not planfiles.declared(p, declared)]
        if not paths:
            continue
        named = _named_files(paths)
        yield Violation(f"{label(task, index)} lists {named} in <files>, but files_modified "
                        "does not", text_span(doc, element, paths[0]),
                        hint=f"add {named} to files_modified",
                        evidence={"task": index, "path": paths[0], "paths": paths})


FEW_FILES = 3


def _named_files(paths: list[str]) -> str:
    """`a, b and c`, at most FEW_FILES names; a lock file rides along with its manifest
    (`pyproject.toml (with uv.lock)`), since one `uv add` changes both."""
    locks: dict[str, list[str]] = {}
    for path in paths:
        manifest = planfiles.manifest_of(path)
        if manifest in paths:
            locks.setdefault(manifest, []).append(path)
    riding = {lock for group in locks.values() for lock in group}
    names = [f"{p} (with {', '.join(locks[p])})" if p in locks else p
             for p in paths if p not in riding]
    if len(names) > FEW_FILES:
        return ", ".join(names[:FEW_FILES]) + f" and {len(names) - FEW_FILES} more files"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@rule("PP307", "declared-file-unused", "info",
      summary="A files_modified entry that no task's <files> mentions.",
      what="""
        When the plan's tasks list their files, each `files_modified` entry should be one of
        them. Plans whose tasks list no files at all are not checked.
      """,
      why="A declared file no task touches is a leftover, or a task forgot to list it.",
      bad=_plan().replace("[src/app.py]", "[src/app.py, src/old.py]") + """
        <tasks>
        <task type="auto">
          <name>Entry point</name>
          <files>src/app.py</files>
          <action>Write main().</action>
          <verify>pytest</verify>
          <done>done</done>
        </task>
        </tasks>
      """,
      good=_plan() + """
        <tasks>
        <task type="auto">
          <name>Entry point</name>
          <files>src/app.py</files>
          <action>Write main().</action>
          <verify>pytest</verify>
          <done>done</done>
        </task>
        </tasks>
      """)
def declared_file_unused(doc, ctx) -> Iterator[Violation]:
    declared = _files_modified(doc)
    listed = [p for t in tasks(doc) if t.child("files") is not None
              for p in planfiles.task_files(t.child("files").content)]
    if not declared or not listed:
        return
    for index, entry in enumerate(declared):
        if not any(planfiles.covers(entry, path) or planfiles.covers(path, entry) for path in listed):
            yield Violation(f"files_modified lists {entry}, but no task's <files> does",
                            doc.frontmatter.span(f"files_modified[{index}]"),
                            hint="add it to the <files> of the task that changes it, or remove it",
                            evidence={"path": entry})


@rule("PP308", "created-file-not-declared", "warning",
      summary="A file a task creates (<action>) or checks for (`test -f` in <verify>) is not in files_modified.",
      what="""
        Reads ``Create `PATH` `` in `<action>` and `test -f PATH` / `[ -f PATH ]` in
        `<verify>`; each such relative path should appear in `files_modified`. A path the same
        task lists in `<files>` is left to PP306, so one omission is reported once.
      """,
      why="A file the plan creates but does not declare escapes conflict checks and verification.",
      bad=_plan() + """
        <tasks>
        <task type="auto">
          <name>Docs</name>
          <files>src/app.py</files>
          <action>Create `docs/GUIDE.md` describing the app.</action>
          <verify>test -f docs/GUIDE.md</verify>
          <done>guide written</done>
        </task>
        </tasks>
      """,
      good=_plan().replace("[src/app.py]", "[src/app.py, docs/GUIDE.md]") + """
        <tasks>
        <task type="auto">
          <name>Docs</name>
          <files>src/app.py, docs/GUIDE.md</files>
          <action>Create `docs/GUIDE.md` describing the app.</action>
          <verify>test -f docs/GUIDE.md</verify>
          <done>guide written</done>
        </task>
        </tasks>
      """)
def created_file_not_declared(doc, ctx) -> Iterator[Violation]:
    declared = _files_modified(doc)
    if declared is None:
        return
    reported = set()
    for index, task in enumerate(tasks(doc), 1):
        if task.child("files") is not None and not checking_task(task):
            reported.update(planfiles.task_files(task.child("files").content))  # PP306's
        sources = [("action", "creates", planfiles.created_files),
                   ("verify", "checks for", planfiles.verified_files)]
        for name, verb, extract in sources:
            element = task.child(name)
            if element is None:
                continue
            for path in extract(element.content):
                if path in reported or planfiles.declared(path, declared):
                    continue
                reported.add(path)
                yield Violation(f"{label(task, index)} {verb} {path} (in <{name}>), but "
                                "files_modified does not list it", text_span(doc, element, path),
                                hint=f"add {path} to files_modified",
                                evidence={"task": index, "path": path, "element": name})


# --- must-haves -----------------------------------------------------------------------------

@rule("PP309", "must-haves-unverifiable", "warning",
      summary="must_haves give verification nothing to check: no artifact path, no key link.",
      what="""
        A PLAN's `must_haves` with no artifact that has a `path` and no `key_links` (truths
        only, empty lists, or bare strings) leaves file-level verification nothing to do.
      """,
      why="""
        An empty check must never read as a pass: "all artifacts verified (0 of 0)" is how a
        plan with nothing to verify looked finished in the reference tool.
      """,
      bad="""
        ---
        phase: "01"
        plan: "01"
        type: execute
        wave: 1
        depends_on: []
        files_modified: [src/app.py]
        autonomous: true
        must_haves:
          truths: ["The app starts"]
          artifacts: []
          key_links: []
        ---
      """,
      good=_plan())
def must_haves_unverifiable(doc, ctx) -> Iterator[Violation]:
    must = _must_haves(doc)
    if must is None:
        return
    paths = [a for a in _list(must.get("artifacts")) if isinstance(a, dict) and a.get("path")]
    links = [k for k in _list(must.get("key_links")) if isinstance(k, dict)]
    if not paths and not links:
        yield Violation("must_haves name no artifact with a path and no key link: verification "
                        "has no file to check", doc.frontmatter.span("must_haves", value=False),
                        hint="add artifacts with a path (and what they contain), or key_links",
                        evidence={"artifacts": len(_list(must.get("artifacts"))),
                                  "key_links": len(_list(must.get("key_links")))})


@rule("PP310", "truth-is-mapping", "error",
      summary="A must-have truth became a mapping because of an unquoted ': '.",
      what="""
        `- Users can log in: with email` is read by YAML as a mapping
        `{"Users can log in": "with email"}`, not as a sentence. Reported with the quoted form.
      """,
      why="Tools expecting a sentence skip or misread the truth; it is never verified.",
      bad="""
        ---
        phase: "01"
        plan: "01"
        type: execute
        wave: 1
        depends_on: []
        files_modified: [src/app.py]
        autonomous: true
        must_haves:
          truths:
            - Users can log in: with email and password
          artifacts:
            - path: src/app.py
        ---
      """,
      good="""
        ---
        phase: "01"
        plan: "01"
        type: execute
        wave: 1
        depends_on: []
        files_modified: [src/app.py]
        autonomous: true
        must_haves:
          truths:
            - "Users can log in: with email and password"
          artifacts:
            - path: src/app.py
        ---
      """)
def truth_is_mapping(doc, ctx) -> Iterator[Violation]:
    from planproof.yaml_fixes import quote_truth_fix

    must = _must_haves(doc)
    for index, truth in enumerate(_list(must.get("truths")) if must else []):
        if isinstance(truth, dict) and len(truth) == 1:
            key, value = next(iter(truth.items()))
            sentence = f"{key}: {value}" if value is not None else f"{key}:"
            quoted = '"' + sentence.replace("\\", "\\\\").replace('"', '\\"') + '"'
            yield Violation(f"truth {index + 1} was read as a mapping, not a sentence, because of "
                            "the unquoted ': '", doc.frontmatter.span(f"must_haves.truths[{index}]"),
                            hint=f"quote the whole truth: - {quoted}",
                            evidence={"truth": index, "read_as": {str(key): str(value)}},
                            fix=quote_truth_fix(doc, index))


@rule("PP311", "key-link-unverifiable", "info",
      summary="A key link's from/to is neither a path nor an artifact's file name.",
      what="""
        `from` and `to` of a `key_links` entry are looked up as files. A value that is neither a
        path (`src/app.py`, `pytest.ini`) nor the file name of one of the plan's artifacts
        (`COVERAGE_GUIDE.md`) - prose such as `Codecov or Coveralls` - cannot be verified.
      """,
      why="Users should know which links planproof verify can check and which it cannot.",
      bad=_linked("the database"),
      good=_linked("src/db.py", source="app.py"), default=False)
def key_link_unverifiable(doc, ctx) -> Iterator[Violation]:
    must = _must_haves(doc)
    if must is None:
        return
    names = {str(a.get("path", "")).rstrip("/").rsplit("/", 1)[-1]
             for a in _list(must.get("artifacts")) if isinstance(a, dict) and a.get("path")}
    for index, link in enumerate(_list(must.get("key_links"))):
        if not isinstance(link, dict):
            continue
        for end in ("from", "to"):
            value = link.get(end)
            if not isinstance(value, str) or not value.strip():
                continue
            text = planfiles.clean_path(value).split("::")[0]  # `a.py (plan 2)`, `a.py::func`
            if planfiles.looks_like_path(text) or text in names:
                continue
            yield Violation(f"key link {index + 1} {end} '{value}' is neither a path nor an "
                            "artifact's file name; it cannot be verified",
                            doc.frontmatter.span(f"must_haves.key_links[{index}].{end}"),
                            hint="name the file the link starts or ends in",
                            evidence={"link": index, "end": end, "value": value})


# --- ids ------------------------------------------------------------------------------------

@rule("PP312", "plan-id-mismatch", "warning",
      summary="Frontmatter phase or plan disagrees with the file name.",
      what="""
        Compares the numbers of `NN-MM-PLAN.md` / `NN-MM-SUMMARY.md` with `phase` and `plan`
        in the frontmatter: `09.1` equals `9.1`, `05-coverage` counts as phase 5, a lettered
        plan `15-04a` matches `plan: 04a` or `plan: 4`, and `plan: 22-02` (phase-plan form) is
        plan 2. Names that do not start with the two
        numbers (quick plans, `PLAN.md`) are not checked.
      """,
      why="Tools find plans by file name and report them by frontmatter: the two must agree.",
      bad=_plan().replace('plan: "01"', 'plan: "02"'),
      good=_plan())
def plan_id_mismatch(doc, ctx) -> Iterator[Violation]:
    if doc.kind not in ("PLAN", "SUMMARY"):
        return
    named = planfiles.id_from_name(doc.path)
    if named is None:
        return
    for key, expected in zip(("phase", "plan"), named):
        value = doc.meta.get(key)
        written = (planfiles.plan_number if key == "plan" else planfiles.number)(value)
        if written is None or written == expected:
            continue
        if key == "plan" and re.sub(r"[a-z]$", "", expected) == written:
            continue  # lettered plan 04a written as plan: 4
        yield Violation(f"{key} is {value!r} but the file name says {key} {expected}",
                        doc.frontmatter.span(key), hint="rename the file or fix the frontmatter",
                        evidence={"key": key, "frontmatter": str(value), "file_name": expected})


@rule("PP313", "key-files-entry-not-a-path", "info",
      summary="A SUMMARY key-files entry carries a description after the path.",
      what="""
        `key-files.created` / `modified` entries should be bare paths. An entry such as
        `src/app.py (startup hook added)` or `a.csv - baseline` is read as a path by tools.
      """,
      why="The description becomes part of the path, so the file is reported missing.",
      bad="""
        ---
        phase: "03"
        plan: "01"
        key-files:
          modified:
            - src/app.py (startup hook added)
        ---
      """,
      good="""
        ---
        phase: "03"
        plan: "01"
        key-files:
          modified:
            - src/app.py
        ---
      """,
      example_path="03-01-SUMMARY.md", default=False)
def key_files_entry_not_a_path(doc, ctx) -> Iterator[Violation]:
    if doc.kind != "SUMMARY":
        return
    for key in ("key-files", "key_files"):
        block = doc.meta.get(key)
        if not isinstance(block, dict):
            continue
        for group, entries in block.items():
            for index, entry in enumerate(_list(entries)):
                if not isinstance(entry, str):
                    continue
                path = planfiles.clean_path(entry)
                if path != entry.strip().strip("`'\"") and planfiles.looks_like_path(path):
                    yield Violation(f"{key}.{group} entry '{entry}' is a path followed by a "
                                    "description", doc.frontmatter.span(f"{key}.{group}[{index}]"),
                                    hint=f"write only the path: {path}",
                                    evidence={"entry": entry, "path": path})
