"""Where a path written in a document leads: resolved inside the root (refusals become PP506 and
PP507), followed where GSD's archiving or a migration tool moved it, or found by its tail."""

from __future__ import annotations

import os

from planproof.evidence.locate import archived_candidates, archived_edition, prefixed_twin
from planproof.rules.repository.verdicts import Verdicts

ARCHIVED_EDITIONS = ("ROADMAP.md", "REQUIREMENTS.md")


def resolve_or_refuse(v: Verdicts, written: str, span, what: str):
    """The resolved path, or None after reporting why it is not read (PP507 for home paths)."""
    resolved = follow_moves(v, v.ev.resolve(v.doc, written))
    if not resolved.refused:
        return resolved
    home = resolved.refused == "home"
    v.report("PP507" if home else "PP506",
             f"{what} '{written}' is not checked: {resolved.evidence()['reason']}", span,
             "this file is on one person's machine; reference a file in the repository" if home
             else "use a path relative to the repository root, inside it", resolved.evidence())
    return None


def follow_moves(v: Verdicts, resolved):
    """A missing path GSD's archiving moved, or a migration its tool prefixed with an id: the file
    it became (see evidence/locate.py), else `resolved`. An archived document naming the live
    ROADMAP or REQUIREMENTS meant its milestone's edition."""
    if resolved.refused:
        return resolved
    root = v.ev.root_for(v.doc)
    if resolved.exists:
        if not resolved.relative.endswith(ARCHIVED_EDITIONS):
            return resolved
        document = os.path.relpath(v.doc.abspath, root).replace(os.sep, "/")
        edition = archived_edition(root, document, resolved.relative)
        found = v.ev.resolve(v.doc, edition) if edition else None
        return found if found is not None and found.exists else resolved
    listing = v.ev.file_index(root).listing(os.path.dirname(resolved.relative))
    for candidate in [*archived_candidates(root, resolved.relative),
                      prefixed_twin(listing, resolved.relative)]:
        found = v.ev.resolve(v.doc, candidate) if candidate else None
        if found is not None and found.exists:  # at the commit being judged, too
            return found
    return resolved


def ignored_note(v: Verdicts, resolved) -> str:
    """A note when a missing path is git-ignored: a local output no clone has."""
    root = v.ev.root_for(v.doc)
    if v.ev.file_index(root).git_ignored(resolved.relative):
        return " here: .gitignore excludes it, so it is a local output no clone has"
    return ""


def abbreviated(v: Verdicts, written: str):
    """`services/cascade.py` for `src/app/services/cascade.py`, a bare file name of the phase
    folder: the one file it can mean, or None."""
    if written.startswith(("./", "../")):
        return None
    if "/" not in written:
        local = v.ev.resolve(v.doc, "./" + written)
        if local.exists:
            return local
    found = v.ev.file_index(v.ev.root_for(v.doc)).unique_suffix(written)
    return v.ev.resolve(v.doc, found) if found else None
