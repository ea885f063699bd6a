"""Where a document sits in the GSD layout: its planning root, its phase folder, its milestone
archive; and the nearest `.planning` folder of a path."""

from __future__ import annotations

import os
import re

from planproof import lazyre
from planproof.document import Document
from planproof.planning.ids import PHASE_FOLDER

ARCHIVE_FOLDER = lazyre.compile(r"^(v[\w.]+)-phases$", re.I)
QUICK_FOLDER = lazyre.compile(r"^quick(?:[-_][\w-]*)?$", re.I)  # quick/, quick-archive/, quick_tasks/
QUICK_KEYS = ("quick_id", "task_id")
PLANNING_DIR = ".planning"


def path_parts(path: str) -> list[str]:
    return path.replace("\\", "/").split("/")


def locate(doc: Document) -> tuple[str, str | None, str | None]:
    """(planning root, phase folder or None, archived milestone or None) of a document."""
    folder = os.path.dirname(doc.abspath)
    parts = path_parts(folder)
    # walk up from the document: a folder named 'phases' or 'vX.Y-phases' marks the tree
    for index in range(len(parts) - 1, -1, -1):
        name = parts[index]
        archive = ARCHIVE_FOLDER.match(name)
        if name.lower() == "phases" or archive:
            root_parts = parts[:index - 1] if archive and index and parts[index - 1].lower() == "milestones" \
                else parts[:index]
            phase_parts = parts[:index + 2] if index + 1 < len(parts) else None
            if len(parts) > index + 2 and parts[index + 2].lower() != "plans":
                phase_parts = None  # a sub-folder of a phase (archives, notes): not the phase itself
            return ("/".join(root_parts) or "/", "/".join(phase_parts) if phase_parts else None,
                    archive.group(1) if archive else None)
    name = parts[-1]
    if name.lower() == "plans" and len(parts) > 1 and PHASE_FOLDER.match(parts[-2]):
        return "/".join(parts[:-2]) or "/", "/".join(parts[:-1]), None
    if PHASE_FOLDER.match(name) and doc.kind not in ("ROADMAP", "STATE", "REQUIREMENTS", "PROJECT"):
        return "/".join(parts[:-1]) or "/", folder, None
    if name.lower() == "milestones":
        return "/".join(parts[:-1]) or "/", None, None
    return folder, None, None


def is_quick_folder(name: str) -> bool:
    """A folder of quick tasks: `quick/`, `quick-archive/`, `quick_tasks/`."""
    return QUICK_FOLDER.match(name) is not None


def is_quick_task(doc: Document) -> bool:
    """A quick task (`quick/NNN-slug/NNN-PLAN.md`, `quick-archive/DATE-slug/PLAN.md`, or
    frontmatter `type: quick`, `quick_id`, `task_id`): one ad-hoc plan outside any phase."""
    if any(is_quick_folder(folder) for folder in path_parts(doc.path)[:-1]):
        return True
    meta = doc.frontmatter.data if isinstance(doc.frontmatter.data, dict) else {}
    kind = meta.get("type")
    return (isinstance(kind, str) and kind.strip().lower() in ("quick", "quick-plan")) or \
        any(key in meta for key in QUICK_KEYS)


def display(doc: Document, absolute: str) -> str:
    """`absolute` expressed the way the user named `doc` (relative stays relative)."""
    shown_dir = os.path.dirname(doc.path)
    relative = os.path.relpath(absolute, os.path.dirname(doc.abspath))
    return os.path.normpath(os.path.join(shown_dir, relative)) if shown_dir or relative != "." else "."


def planning_root(path: str) -> str | None:
    """The nearest enclosing `.planning` folder of `path` (absolute), if any."""
    folder = os.path.dirname(os.path.abspath(path))
    while True:
        if os.path.basename(folder) == PLANNING_DIR:
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent
