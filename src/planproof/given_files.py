"""`planproof lint --with-tree FILES`: check FILES, with the rest of their planning tree as context.

pre-commit passes only the staged files. Document rules need nothing else, but cross-document
(tree) rules judge a plan against its ROADMAP, its SUMMARY, its siblings. With `--with-tree`
every document of each file's planning tree (the nearest enclosing `.planning` folder) is read
too, tree rules see the whole tree as if it had been walked, and findings are reported only for
the given files (plus internal errors wherever they happen). Files outside any `.planning`
folder are checked on their own.
"""

from __future__ import annotations

import os

from planproof import document as document_module
from planproof.config import Settings
from planproof.discovery import discover, survey
from planproof.engine import Result, check_sources, finish
from planproof.planning.layout import planning_root
from planproof.planning.scope import ReadScope


def _display(root: str) -> str:
    """The root as the user would write it: relative to the working directory when inside it."""
    relative = os.path.relpath(root)
    return root if relative.startswith("..") else relative


def check_given_files(paths: list[str], settings: Settings, mode: str = "lint") -> Result:
    """Check the files under `paths`, the other documents of their planning trees read as
    context; findings only for the given files (and PP000 anywhere)."""
    given = discover(paths, settings.exclude)
    roots = sorted({root for source in given if (root := planning_root(source.abspath))})
    given_real = {os.path.realpath(source.abspath) for source in given}
    trees = survey([_display(r) for r in roots], settings.exclude) if roots else None
    context = [source for source in trees.sources
               if os.path.realpath(source.abspath) not in given_real] if trees else []
    checked = check_sources(given, settings, mode)
    checked += [(document_module.load(source.path, source.abspath, settings.max_file_size), [])
                for source in context]
    result = finish(checked, settings, mode, trees.scope if trees else ReadScope())
    reported = {doc.path for doc, _ in checked[:len(given)]}
    return Result([doc for doc in result.documents if doc.path in reported],
                  [f for f in result.findings if f.path in reported or f.code == "PP000"])
