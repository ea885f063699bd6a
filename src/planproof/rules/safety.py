"""PP05x: safety. The run refused something a repository under review could use against it."""

from __future__ import annotations

from planproof.rules import rule
from planproof.rules.reading import _problems


def _reported_by_the_engine(doc, ctx):
    return ()  # the engine reports a refused cache itself


rule("PP050", "cache-refused", "warning",
     summary="The lint cache folder is a symbolic link or holds one; it was neither read nor written.",
     what="""
        The cache folder (`.planproof_cache/`, or `--cache-dir`), its `.gitignore`, `v1`,
        `v1/runs` and `v1/docs` must be plain folders and files. When one of them is a symbolic
        link or something else, or the cache key in the user's cache folder is unusable, the
        run is checked without the cache and this finding says why.
     """,
     why="""
        A pull request can commit a cache folder. Followed, a link there would make lint write,
        create or delete files outside the repository. The verdict is unaffected: everything
        was checked.
     """,
     bad="(a committed .planproof_cache that is a symbolic link)",
     good="---\nphase: '01'\n---\n# Plan\n")(_reported_by_the_engine)

rule("PP051", "planning-folder-outside", "error",
     summary="A folder to check is a symbolic link that leads outside the repository; not read.",
     what="""
        When the planning folder (`.planning`, or a folder given on the command line inside the
        current directory) is a symbolic link whose target lies outside the current directory,
        it is reported and none of its files are read or quoted.
     """,
     why="""
        A pull request can replace `.planning` with a link to any folder on the CI machine;
        following it would quote files from outside the repository in the report.
     """,
     bad="(a committed .planning that links to /etc)",
     good="---\nphase: '01'\n---\n# Plan\n")(_problems("PP051"))
