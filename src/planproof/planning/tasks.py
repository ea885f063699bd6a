"""The tasks of a PLAN (in the dialects teams write them) and the frontmatter lists its rules read:
`files_modified`, `must_haves`."""

from __future__ import annotations

import re

from planproof import lazyre


def tasks(doc) -> list:
    return list(doc.elements.iter("task")) if doc.kind == "PLAN" else []


def task_type(task) -> str:
    return task.attrs.get("type", "auto").strip().lower() or "auto"


def is_checkpoint(task) -> bool:
    return task_type(task).startswith("checkpoint")


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


def task_label(task, index: int) -> str:
    text = task_name(task)
    return f"task {index} ({text[:60]})" if text else f"task {index}"


def as_list(value) -> list:
    return value if isinstance(value, list) else []


def must_haves(doc) -> dict | None:
    value = doc.meta.get("must_haves") if doc.kind == "PLAN" else None
    return value if isinstance(value, dict) else None


CHECKING_TASK = lazyre.compile(r"\b(verif\w*|smoke[- ]test|quality gate|full test suite)\b", re.I)


def checking_task(task) -> bool:
    """A task named for verification (`Verify ...`, `Full test suite ...`): its <files> are the
    files it runs or reads, not files it changes."""
    name = task.child("name")
    return name is not None and bool(CHECKING_TASK.search(name.text))


def files_modified(doc) -> list[str] | None:
    value = doc.meta.get("files_modified")
    return [str(v) for v in value if isinstance(v, (str, int))] if isinstance(value, list) else None
