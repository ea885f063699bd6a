"""Where a path written in a document lives when it is not where it says (verify only).

Four habits of real planning trees, each a class of false "does not exist":

- GSD archives a shipped milestone by moving `.planning/phases/NN-slug/` to
  `.planning/milestones/vX.Y-phases/NN-slug/` (and `vX.Y-MILESTONE-AUDIT.md` to `milestones/`);
  documents keep the old path, and mean the archived `vX.Y-ROADMAP.md`/`-REQUIREMENTS.md` when
  they name the live ones.
- Plans name a migration before the tool prefixes it with a revision id.
- Summaries list outputs the repository's `.gitignore` excludes (`loadtests/reports/*.csv`):
  created on the author's machine, never in a clone.
- Key links abbreviate paths below the package folder (`services/cascade.py` for
  `src/app/services/cascade.py`) or name a file of the phase folder by its bare name.
- Key-link endpoints that are not files at all: hosts and dotted names
  (`postgresql.ns.svc.cluster.local`, `tiger.county`), URL routes (`/api/v1/items`), k8s objects
  and make targets (`geo-api-secret`). Only a token that names a file can be "missing".
"""

from __future__ import annotations

import fnmatch
import glob
import os
import posixpath
import re

FILE_EXTENSIONS = frozenset(
    "py pyi pyx js jsx mjs cjs ts tsx mts cts vue svelte astro json jsonc json5 yaml yml toml ini "
    "cfg conf env md mdx rst txt csv tsv sql sh bash zsh fish ps1 bat cmd go mod sum rs java kt kts "
    "scala groovy gradle rb php c h cc cpp hpp hh cxx cs fs swift m mm dart lua r jl ex exs erl "
    "hrl zig nim pl pm tf tfvars hcl proto graphql gql html htm css scss sass less xml xsd svg png "
    "jpg jpeg gif ico webp pdf lock ipynb dockerfile mk cmake properties pem crt key service "
    "j2 jinja tmpl tpl template sample example dist bak log out parquet db sqlite sqlite3 wasm "
    "prisma mjml ejs hbs pug njk liquid".split())
PLAIN_FILES = frozenset("Makefile makefile GNUmakefile Dockerfile Containerfile Justfile justfile "
                        "Procfile Gemfile Rakefile Vagrantfile Jenkinsfile Caddyfile Brewfile "
                        "Pipfile Tiltfile LICENSE README CODEOWNERS".split())
ARCHIVED = re.compile(r"^(?P<planning>(?:.*/)?\.planning)/phases/(?P<rest>.+)$")
TOP_LEVEL = re.compile(r"^(?P<planning>(?:.*/)?\.planning)/(?P<name>[^/]+)$")
MILESTONE_DOC = re.compile(r"^(?P<planning>(?:.*/)?\.planning)/milestones/(?P<version>[^/]+)-phases/")
EDITIONS = ("ROADMAP", "REQUIREMENTS")
ID_PREFIX = re.compile(r"[0-9A-Za-z]{4,32}")
# version control, dependencies, virtual environments, caches and build output: never walked
TOOL_DIRS = frozenset({".git", "node_modules", ".venv", "venv", "__pycache__", ".tox", "dist",
                       "build", ".mypy_cache", ".pytest_cache", ".ruff_cache", "target"})
MAX_FILES = 200_000


def inside(root: str, path: str) -> bool:
    """`path` leads to a place inside `root` once symbolic links are followed: nothing outside the
    root is listed or read, not even a folder's names."""
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def names_a_file(token: str) -> bool:
    """A token that claims a file or folder: a known file extension, or a folder path ending in
    `/`. `tiger.county`, `cluster.local:5432`, `geo-api-secret`, `/api/v1/items` do not."""
    token = token.strip()
    if not token or token.startswith("/"):
        return False
    if token.endswith("/"):
        return True
    name = posixpath.basename(token)
    if name in PLAIN_FILES or (name.startswith(".") and "." not in name[1:] and len(name) > 2):
        return True  # `Makefile`, `Dockerfile`, `.env`, `.gitignore`
    extension = posixpath.splitext(name)[1][1:].lower()
    return extension in FILE_EXTENSIONS


def archived_candidates(root: str, relative: str) -> list[str]:
    """Where GSD's milestone archiving moved a `.planning` path: `phases/NN-slug/x` to
    `milestones/*-phases/NN-slug/x`, a top-level `vX.Y-MILESTONE-AUDIT.md` to `milestones/`."""
    archived = ARCHIVED.match(relative)
    match = archived or TOP_LEVEL.match(relative)
    if not match or not inside(root, os.path.join(root, match.group("planning"), "milestones")):
        return []
    milestones = os.path.join(root, glob.escape(match.group("planning")), "milestones")
    pattern = (os.path.join(milestones, "*-phases", glob.escape(archived.group("rest"))) if archived
               else os.path.join(milestones, glob.escape(match.group("name"))))
    return sorted(os.path.relpath(found, root).replace(os.sep, "/") for found in glob.glob(pattern))


def archived_edition(root: str, document: str, relative: str) -> str | None:
    """A document archived with milestone vX.Y names `.planning/ROADMAP.md` or `REQUIREMENTS.md`:
    it meant that milestone's edition, which GSD keeps as `milestones/vX.Y-ROADMAP.md`."""
    home = MILESTONE_DOC.match(document)
    if not home or relative not in (f"{home.group('planning')}/{name}.md" for name in EDITIONS):
        return None
    edition = (f"{home.group('planning')}/milestones/{home.group('version')}-"
               f"{posixpath.basename(relative)}")
    return edition if os.path.isfile(os.path.join(root, edition)) else None


def prefixed_twin(entries: list[str], relative: str) -> str | None:
    """`alembic/versions/add_x.py` written before the tool named it `a3d62fae3d64_add_x.py`
    (Alembic revisions, Django `0003_`, dated migrations): the one entry of the folder listing
    `entries` whose name is an id, `_`, and the written name."""
    folder, name = posixpath.split(relative)
    twins = [entry for entry in entries
             if entry.endswith("_" + name) and ID_PREFIX.fullmatch(entry[:-len(name) - 1])]
    return posixpath.join(folder, twins[0]) if len(twins) == 1 else None


class FileIndex:
    """The files below one root: by name (walked once on first use, bounded), folder listings,
    and what its `.gitignore` excludes."""

    def __init__(self, root: str) -> None:
        self.root = root
        self._by_name: dict[str, list[str]] | None = None
        self._listings: dict[str, list[str]] = {}
        self._ignore_patterns: tuple[str, ...] | None = None

    def listing(self, folder: str) -> list[str]:
        """The names in one folder (root-relative), listed once per run."""
        entries = self._listings.get(folder)
        if entries is None:
            path = os.path.join(self.root, folder)
            try:
                entries = os.listdir(path) if inside(self.root, path) else []
            except OSError:
                entries = []
            self._listings[folder] = entries
        return entries

    def _walk(self) -> dict[str, list[str]]:
        by_name: dict[str, list[str]] = {}
        seen = 0
        for folder, dirs, files in os.walk(self.root):
            dirs[:] = [d for d in dirs if d not in TOOL_DIRS]
            relative = os.path.relpath(folder, self.root).replace(os.sep, "/")
            for name in files:
                by_name.setdefault(name, []).append(name if relative == "." else f"{relative}/{name}")
                seen += 1
            if seen > MAX_FILES:
                break
        return by_name

    def unique_suffix(self, written: str) -> str | None:
        """The one file whose path ends with `written` (component-wise), or None."""
        if self._by_name is None:
            self._by_name = self._walk()
        written = re.sub(r"^(?:\./)+", "", written.strip()).rstrip("/")
        name = posixpath.basename(written)
        hits = [path for path in self._by_name.get(name, ())
                if path == written or path.endswith("/" + written)]
        return hits[0] if len(hits) == 1 else None

    def git_ignored(self, relative: str) -> bool:
        """`relative` matches a pattern of the root `.gitignore`, read once (negations and nested
        files are not read, so this answers yes only for plainly ignored paths)."""
        if self._ignore_patterns is None:
            gitignore = os.path.join(self.root, ".gitignore")
            readable = os.path.exists(gitignore) and inside(self.root, gitignore)
            self._ignore_patterns = _ignore_patterns(gitignore) if readable else ()
        parts = relative.split("/")
        return any(_ignores(pattern, parts) for pattern in self._ignore_patterns)


def _ignore_patterns(gitignore: str) -> tuple[str, ...]:
    from planproof.document import read_bytes  # regular files only: a named pipe would block

    data, _ = read_bytes(gitignore, 200_000)
    lines = data.decode("utf-8", errors="replace").splitlines()
    return tuple(line.strip() for line in lines
                 if line.strip() and not line.lstrip().startswith(("#", "!")))


def _ignores(pattern: str, parts: list[str]) -> bool:
    """One `.gitignore` pattern matches the path split into `parts`."""
    anchored = "/" in pattern.rstrip("/")
    folder = pattern.endswith("/")
    pattern = pattern.strip("/")
    if anchored:
        return any(fnmatch.fnmatchcase("/".join(parts[:n]), pattern)
                   for n in range(1, len(parts) + (0 if folder else 1)))
    return any(fnmatch.fnmatchcase(part, pattern) for part in (parts[:-1] if folder else parts))
