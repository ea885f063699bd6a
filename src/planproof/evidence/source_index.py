"""Who uses a source file: imports resolved through the package layout, and mentions by name.

One `SourceIndex` per root and run. It walks the root once (skipping vendored and generated
folders, at most MAX_FILES files and MAX_BYTES of source; beyond that the index is incomplete and
no file is called an orphan), reads every source file through `Repository`, and
records, for each file, the other files that import it:

- Python (`ast`): `import a.b`, `from a.b import c` (c may be a submodule), relative imports.
  Module names come from the folders that hold top-level packages: the root, `src/`, `lib/`,
  `python/` and any folder named by `packages.find where` in pyproject. Importing `a.b.c` also
  uses the packages `a` and `a.b`.
- JavaScript/TypeScript (import syntax: `import ... from`, `export ... from`, `import()`,
  `require()`): relative specifiers, and the `paths`/`baseUrl` of a `tsconfig.json` or
  `jsconfig.json` at the root, resolved with the usual extensions and `index.*` files.
- Dynamic loading: a template literal such as require(`./commands/${name}.js`) uses every file
  under `./commands/`, and `import_module(f"pkg.plugins.{name}")` every module under
  `pkg.plugins`.

Besides imports, a file counts as used when another file of the repository (code, configuration,
scripts, documentation outside `.planning/`) mentions its path or its dotted module name: entry
points named in pyproject, Dockerfiles, CI or package.json, plugins loaded by string.
"""

from __future__ import annotations

import ast
import json
import os
import re
from dataclasses import dataclass, field

from .imports import JS_IMPORT  # one bounded reading of import syntax for both questions
from .languages import JS_EXT
from .locate import TOOL_DIRS
from .testfiles import is_test_file

MAX_FILES = 20000
MAX_BYTES = 64 * 1024 * 1024  # source read for one index; beyond it the index is incomplete
# besides TOOL_DIRS: other tools' folders, vendored code and the planning documents themselves
SKIP_DIRS = TOOL_DIRS | {".hg", ".svn", "env", ".env", ".nox", ".next", ".nuxt", "coverage", "htmlcov",
                         "site-packages", ".planning", "vendor", ".idea", ".vscode", ".cache",
                         ".turbo", "out"}
PY_SOURCE = ".py"  # modules that import (stubs, `.pyi`, import nothing at run time)
TEXT_EXT = {".toml", ".cfg", ".ini", ".yaml", ".yml", ".json", ".sh", ".md", ".txt", ".html",
            ".env", ".example", ".conf", ".mk", ".ps1", ".bat", ".service", ".j2"}
TEXT_NAMES = {"Dockerfile", "Makefile", "Procfile", "Justfile", "Taskfile", "Containerfile"}
JS_DYNAMIC = re.compile(r"""\b(?:require|import)\s*\(\s*`(\.{1,2}/[^`$]*)\$\{""")
PY_DYNAMIC = re.compile(r"""import_module\(\s*f?["']([\w.]+\.)\{""")
JSON_COMMENT = re.compile(r'("(?:\\.|[^"\\])*")|//[^\n]*|/\*.*?\*/', re.S)
JS_RESOLVE = ("", ".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts", ".d.ts",
              "/index.ts", "/index.tsx", "/index.js", "/index.jsx", "/index.mjs")


@dataclass
class SourceIndex:
    root: str
    files: list[str] = field(default_factory=list)  # root-relative source files
    texts: list[str] = field(default_factory=list)  # other readable files (configuration, docs)
    modules: dict[str, str] = field(default_factory=dict)  # dotted name -> file
    names_of: dict[str, list[str]] = field(default_factory=dict)  # file -> its dotted names
    importers: dict[str, set[str]] = field(default_factory=dict)  # file -> files importing it
    complete: bool = True

    def imported_by(self, relative: str) -> set[str]:
        return self.importers.get(relative, set()) - {relative}


def build_index(root: str, repo) -> SourceIndex:
    index = SourceIndex(root)
    _walk(index)
    source_roots = _python_roots(root, repo)
    for relative in index.files:
        if relative.endswith(PY_SOURCE):
            for name in _module_names(relative, source_roots):
                index.modules.setdefault(name, relative)
                index.names_of.setdefault(relative, []).append(name)
    aliases = _ts_aliases(root, repo)
    total = 0
    for relative in index.files:
        text = repo.read(os.path.join(root, relative)).text
        total += len(text)
        if total > MAX_BYTES:
            index.complete = False  # too much to read: the orphan rules stay silent
            return index
        targets = _python_targets(relative, text, index) if relative.endswith(PY_SOURCE) \
            else _js_targets(relative, text, index, aliases)
        for target in targets:
            index.importers.setdefault(target, set()).add(relative)
    return index


def _walk(index: SourceIndex) -> None:
    count = 0
    for folder, dirs, names in os.walk(index.root):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.endswith(".egg-info"))
        for name in sorted(names):
            relative = os.path.relpath(os.path.join(folder, name), index.root).replace(os.sep, "/")
            if name.endswith((PY_SOURCE, *JS_EXT)) and not name.endswith(".min.js"):
                index.files.append(relative)
            elif os.path.splitext(name)[1].lower() in TEXT_EXT or name in TEXT_NAMES:
                index.texts.append(relative)
            else:
                continue
            count += 1
            if count >= MAX_FILES:
                index.complete = False
                return


def _python_roots(root: str, repo) -> list[str]:
    roots = ["", "src", "lib", "python", "app"]
    pyproject = os.path.join(root, "pyproject.toml")
    if os.path.isfile(pyproject):
        for where in re.findall(r"where\s*=\s*\[([^\]]*)\]", repo.read(pyproject).text):
            roots += [w.strip().strip("'\"").strip("/") for w in where.split(",") if w.strip()]
    return list(dict.fromkeys(r.replace("\\", "/").removeprefix("./") for r in roots))


def _module_names(relative: str, source_roots: list[str]) -> list[str]:
    names = []
    stem = relative[:-3]
    for source_root in source_roots:
        prefix = source_root + "/" if source_root else ""
        if prefix and not stem.startswith(prefix):
            continue
        parts = stem[len(prefix):].split("/")
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts and all(p.isidentifier() for p in parts):
            names.append(".".join(parts))
    return names


def _python_targets(relative: str, text: str, index: SourceIndex) -> set[str]:
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return set()
    own = index.names_of.get(relative, [])
    package = own[0].rsplit(".", 1)[0] if own and not relative.endswith("__init__.py") else \
        own[0] if own else ""
    found: set[str] = set()
    for prefix in PY_DYNAMIC.findall(text):  # import_module(f"pkg.plugins.{name}"): every plugin
        found.update(f for name, f in index.modules.items() if name.startswith(prefix))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                _use_module(alias.name, index, found)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".") if package else []
                parts = parts[:len(parts) - (node.level - 1)] if node.level > 1 else parts
                base = ".".join(p for p in parts + ([base] if base else []) if p)
            _use_module(base, index, found)
            for alias in node.names:
                _use_module(f"{base}.{alias.name}" if base else alias.name, index, found, strict=True)
    return found


def _use_module(name: str, index: SourceIndex, found: set[str], strict: bool = False) -> None:
    """Mark the module `name` and its parent packages as used (`strict`: only if it exists)."""
    if strict and name not in index.modules:
        return
    parts = name.split(".")
    for end in range(1, len(parts) + 1):
        target = index.modules.get(".".join(parts[:end]))
        if target:
            found.add(target)


def _ts_aliases(root: str, repo) -> list[tuple[str, list[str]]]:
    """(prefix, [replacement folders]) from tsconfig/jsconfig `paths` (relative to baseUrl)."""
    aliases = []
    for name in ("tsconfig.json", "jsconfig.json"):
        path = os.path.join(root, name)
        if not os.path.isfile(path):
            continue
        try:
            config = json.loads(JSON_COMMENT.sub(lambda m: m.group(1) or "", repo.read(path).text))
        except (ValueError, RecursionError):
            continue
        options = config.get("compilerOptions") if isinstance(config, dict) else None
        if not isinstance(options, dict):
            continue
        base = str(options.get("baseUrl") or ".").strip("./")
        paths = options.get("paths") if isinstance(options.get("paths"), dict) else {}
        for pattern, targets in paths.items():
            if isinstance(targets, list):
                aliases.append((pattern.rstrip("*"), [os.path.normpath(os.path.join(base, str(t).rstrip("*"))
                                                                        ).replace(os.sep, "/")
                                                       for t in targets]))
        if options.get("baseUrl"):
            aliases.append(("", [base or "."]))
    return aliases


def _js_targets(relative: str, text: str, index: SourceIndex, aliases) -> set[str]:
    known = set(index.files)
    found = set()
    folder = os.path.dirname(relative)
    for prefix in JS_DYNAMIC.findall(text):  # require(`./commands/${name}.js`): the whole folder
        base = os.path.normpath(os.path.join(folder, prefix)).replace(os.sep, "/")
        found.update(f for f in known if f.startswith(base) and f != relative)
    for specifier in JS_IMPORT.findall(text):
        candidates = []
        if specifier.startswith("."):
            candidates.append(os.path.normpath(os.path.join(folder, specifier)).replace(os.sep, "/"))
        else:
            for prefix, targets in aliases:
                if specifier.startswith(prefix):
                    rest = specifier[len(prefix):]
                    candidates += [os.path.normpath(os.path.join(t, rest)).replace(os.sep, "/")
                                   for t in targets]
        for candidate in candidates:
            hit = next((candidate + ext for ext in JS_RESOLVE if candidate + ext in known), None)
            if hit is None and candidate.endswith(".js"):  # TS sources imported as `./x.js`
                hit = next((candidate[:-3] + ext for ext in (".ts", ".tsx") if candidate[:-3] + ext in known), None)
            if hit:
                found.add(hit)
                break
    return found


# ------------------------------------------------------------------------------ entry points

ENTRY_NAMES = {"__init__.py", "__main__.py", "conftest.py", "setup.py", "manage.py", "wsgi.py",
               "asgi.py", "main.py", "app.py", "cli.py", "env.py", "settings.py", "models.py",
               "admin.py", "apps.py", "urls.py", "views.py", "tasks.py", "signals.py",
               "middleware.ts", "middleware.js", "instrumentation.ts", "service-worker.js", "sw.js"}
ENTRY_STEMS = {"index", "main", "server", "app", "worker"}
ENTRY_DIRS = re.compile(r"(?:^|/)(?:scripts|bin|migrations|alembic|versions|tools|examples|docs|"
                        r"benchmarks|loadtests|e2e|cypress|playwright|stories|fixtures|pages)/")
NEXT_ROUTE = re.compile(r"(?:^|/)app/(?:.*/)?(?:page|layout|route|loading|error|not-found|template|"
                        r"default|head|global-error|opengraph-image|sitemap|robots)\.[cm]?[jt]sx?$")
CONFIG_FILE = re.compile(r"\.config\.[cm]?[jt]s$|(?:^|/)\.?[\w-]+rc\.[cm]?js$|\.stories\.[jt]sx?$|\.d\.ts$")
MAIN_GUARD = re.compile(r"""^if\s+__name__\s*==\s*['"]__main__['"]""", re.M)


def entry_point(relative: str, text: str) -> str | None:
    """Why a file runs without being imported (an entry point, a test, a config), or None."""
    name = os.path.basename(relative)
    if is_test_file(relative):
        return "a test file"
    if name in ENTRY_NAMES or os.path.splitext(name)[0] in ENTRY_STEMS:
        return f"{name} is an entry point or a framework-discovered file"
    if ENTRY_DIRS.search(relative):
        return "it lives in a folder of scripts, migrations, tools or pages"
    if NEXT_ROUTE.search(relative) or CONFIG_FILE.search(relative):
        return "a route or configuration file the framework loads"
    if relative.endswith(PY_SOURCE) and MAIN_GUARD.search(text):
        return "it runs as a script (`if __name__ == \"__main__\"`)"
    return None


def mentions(index: SourceIndex, repo, relative: str) -> list[str]:
    """Other files (code and configuration, not documentation) that name `relative` by its path
    or dotted module name: entry points in pyproject/Dockerfiles/CI, plugins loaded by string."""
    needles = [relative]
    for prefix in ("src/", "lib/", "app/"):
        if relative.startswith(prefix):
            needles.append(relative[len(prefix):])
    dotted = [n for n in index.names_of.get(relative, []) if n]
    patterns = [re.compile(r"(?<![\w/.-])" + re.escape(n) + r"(?![\w-])") for n in needles]
    patterns += [re.compile(r"(?<![\w.])" + re.escape(n) + (r"(?![\w])" if "." in n else r":\w"))
                 for n in dotted]
    found = []
    for other in index.files + index.texts:
        if other == relative or other.endswith((".md", ".txt", ".lock")):
            continue
        text = repo.read(os.path.join(index.root, other)).text
        if any(p.search(text) for p in patterns):
            found.append(other)
            if len(found) >= 5:
                break
    return found
