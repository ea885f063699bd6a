"""PP301-PP305: the tasks of a PLAN: names, actions, details, checkpoints, autonomy, waves."""

from __future__ import annotations

from typing import Iterator

from planproof.findings import Span, Violation
from planproof.planning.tasks import has_action, is_checkpoint, task_label, task_name, task_type, tasks
from planproof.rules import rule
from planproof.rules.plan_examples import plan_example

CHECKPOINT_NEEDS = {  # each inner tuple: at least one of these elements
    "checkpoint:human-verify": (("how-to-verify", "verify"),),
    "checkpoint:decision": (("decision",), ("options",)),
    "checkpoint:human-action": (("action", "instructions", "how-to-verify"),),
}


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
      bad=plan_example() + """
        <tasks>
        <task type="auto">
          <name>Create the entry point</name>
          <files>src/app.py</files>
          <verify>test -f src/app.py</verify>
          <done>app starts</done>
        </task>
        </tasks>
      """,
      at=(17, 1),
      good=plan_example() + """
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
        yield Violation(f"{task_label(task, index)} has no {what}", Span.of_tag(task),
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
      bad=plan_example() + """
        <tasks>
        <task type="auto">
          <name>Create the entry point</name>
          <files>src/app.py</files>
          <action>Write main() in src/app.py.</action>
        </task>
        </tasks>
      """,
      at=(17, 1),
      good=plan_example() + """
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
        yield Violation(f"{task_label(task, index)} has no {what}", Span.of_tag(task),
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
      bad=plan_example("false") + """
        <tasks>
        <task type="checkpoint:human-verify" gate="blocking">
          <what-built>The login page</what-built>
          <resume-signal>Type "approved"</resume-signal>
        </task>
        </tasks>
      """,
      at=(17, 1),
      good=plan_example("false") + """
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
            yield Violation(f"{task_label(task, index)} has unknown type '{kind}' (known: {known})",
                            Span.of_tag(task), evidence={"task": index, "type": kind})
            continue
        missing = [group for group in needs if not any(task.child(n) is not None for n in group)]
        for group in missing:
            what = " or ".join(f"<{n}>" for n in group)
            yield Violation(f"{task_label(task, index)} is a {kind} without {what}", Span.of_tag(task),
                            hint="tell the person what to check, decide or do",
                            evidence={"task": index, "type": kind, "missing": list(group)})


@rule("PP304", "autonomous-with-checkpoint", "error",
      summary="`autonomous: true` but the plan has a checkpoint task that waits for a person.",
      what="Reports `autonomous: true` in a PLAN whose tasks include a `checkpoint:*` task.",
      why="An autonomous plan is run without stopping; its checkpoint would be skipped or block.",
      bad=plan_example("true") + """
        <tasks>
        <task type="checkpoint:human-verify">
          <how-to-verify>Open the app.</how-to-verify>
        </task>
        </tasks>
      """,
      at=(8, 13),
      good=plan_example("false") + """
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
                f"autonomous is true, but {task_label(task, index)} is a {task_type(task)} that "
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
      bad=plan_example().replace("wave: 1", "wave: 2").replace('plan: "01"', 'plan: "02"'),
      at=(6, 13),
      good=plan_example().replace("wave: 1", "wave: 2").replace("depends_on: []", 'depends_on: ["01-01"]')
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
