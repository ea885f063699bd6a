"""PP306-PP308, PP313: the files a PLAN names in its tasks against `files_modified`, and the
paths a SUMMARY lists in `key-files`."""

from __future__ import annotations

from typing import Iterator

from planproof.findings import Span, Violation
from planproof.planning import files
from planproof.planning.tasks import as_list, checking_task, files_modified, task_label, tasks
from planproof.rules import rule
from planproof.rules.plan_examples import plan_example


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
      bad=plan_example() + """
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
      at=(19, 22),
      good=plan_example().replace("[src/app.py]", "[src/app.py, src/config.py, pyproject.toml, uv.lock]")
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
    declared = files_modified(doc)
    if declared is None:
        return
    for index, task in enumerate(tasks(doc), 1):
        element = task.child("files")
        if element is None or checking_task(task):
            continue
        paths = [p for p in dict.fromkeys(files.task_files(element.content))
                 if not files.declared(p, declared)]
        if not paths:
            continue
        named = _named_files(paths)
        yield Violation(f"{task_label(task, index)} lists {named} in <files>, but files_modified "
                        "does not", Span.of_text(doc, element, paths[0]),
                        hint=f"add {named} to files_modified",
                        evidence={"task": index, "path": paths[0], "paths": paths})


FEW_FILES = 3


def _named_files(paths: list[str]) -> str:
    """`a, b and c`, at most FEW_FILES names; a lock file rides along with its manifest
    (`pyproject.toml (with uv.lock)`), since one `uv add` changes both."""
    locks: dict[str, list[str]] = {}
    for path in paths:
        manifest = files.manifest_of(path)
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
      bad=plan_example().replace("[src/app.py]", "[src/app.py, src/old.py]") + """
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
      at=(7, 30),
      good=plan_example() + """
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
    declared = files_modified(doc)
    listed = [p for t in tasks(doc) if t.child("files") is not None
              for p in files.task_files(t.child("files").content)]
    if not declared or not listed:
        return
    for index, entry in enumerate(declared):
        if not any(files.covers(entry, path) or files.covers(path, entry) for path in listed):
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
      bad=plan_example() + """
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
      at=(20, 19),
      good=plan_example().replace("[src/app.py]", "[src/app.py, docs/GUIDE.md]") + """
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
    declared = files_modified(doc)
    if declared is None:
        return
    reported = set()
    for index, task in enumerate(tasks(doc), 1):
        if task.child("files") is not None and not checking_task(task):
            reported.update(files.task_files(task.child("files").content))  # PP306's
        sources = [("action", "creates", files.created_files),
                   ("verify", "checks for", files.verified_files)]
        for name, verb, extract in sources:
            element = task.child(name)
            if element is None:
                continue
            for path in extract(element.content):
                if path in reported or files.declared(path, declared):
                    continue
                reported.add(path)
                yield Violation(f"{task_label(task, index)} {verb} {path} (in <{name}>), but "
                                "files_modified does not list it", Span.of_text(doc, element, path),
                                hint=f"add {path} to files_modified",
                                evidence={"task": index, "path": path, "element": name})


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
      at=(6, 7),
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
            for index, entry in enumerate(as_list(entries)):
                if not isinstance(entry, str):
                    continue
                path = files.clean_path(entry)
                if path != entry.strip().strip("`'\"") and files.looks_like_path(path):
                    yield Violation(f"{key}.{group} entry '{entry}' is a path followed by a "
                                    "description", doc.frontmatter.span(f"{key}.{group}[{index}]"),
                                    hint=f"write only the path: {path}",
                                    evidence={"entry": entry, "path": path})
