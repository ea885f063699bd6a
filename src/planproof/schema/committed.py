"""The generated files as committed: `schemas/*.schema.json` and `_schema_validators.py`, checked
against what the models generate now, and written.

    python -m planproof.schema --write    regenerate schemas/*.schema.json from planproof.models
                                          (config.schema.json from planning.config_schema),
                                          and src/planproof/_schema_validators.py from them
    python -m planproof.schema --check    exit 1 when the committed files differ from the models
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from planproof.planning import config_schema
from planproof.schema.compile_validators import render_compiled
from planproof.schema.generate import render
from planproof.schema.locations import COMPILED_NAME, KINDS, PACKAGE, compiled_path, schema_dir, \
    schema_path, source_checkout


def _targets(directory: Path | None, module: Path | None) -> tuple[Path, Path]:
    """The schema folder and the compiled module: the checkout's, or both in `directory`."""
    module = module or (directory / COMPILED_NAME if directory else compiled_path())
    return directory or schema_dir(), module


CONFIG = "config"  # `.planning/config.json`'s schema: generated beside the frontmatter kinds


def _schemas() -> dict[str, str]:
    """Every generated schema by its kind: the frontmatter kinds, then `config`."""
    return {**{kind: render(kind) for kind in KINDS}, CONFIG: config_schema.render()}


def drifted(directory: Path | None = None, module: Path | None = None) -> list[str]:
    """Kinds whose committed schema file differs from what the models generate, and
    `COMPILED_NAME` when the compiled validators module differs from what they generate. The
    module is `src/planproof/_schema_validators.py`, or beside the schemas in `directory`."""
    directory, module = _targets(directory, module)
    out = []
    for kind, text in _schemas().items():
        target = directory / f"{kind}.schema.json"
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            out.append(kind)
    if not module.is_file() or module.read_text(encoding="utf-8") != render_compiled():
        out.append(COMPILED_NAME)
    return out


def write_all(directory: Path | None = None, module: Path | None = None) -> list[Path]:
    directory, module = _targets(directory, module)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, text in _schemas().items():
        target = directory / f"{kind}.schema.json"
        target.write_text(text, encoding="utf-8")
        written.append(target)
    module.write_text(render_compiled(), encoding="utf-8")
    written.append(module)
    return written


def _cannot_write() -> str | None:
    if source_checkout() is None:
        return ("--write regenerates the files of a source checkout; this planproof is installed "
                f"at {PACKAGE}: run it from a clone (pip install -e '.[test]')")
    try:
        import fastjsonschema  # noqa: F401
    except ImportError:
        return "--write needs fastjsonschema, from the test extra: pip install -e '.[test]'"
    return None


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["--write"]:
        problem = _cannot_write()
        if problem:
            print(f"python -m planproof.schema: {problem}", file=sys.stderr)
            return 2
        for path in write_all():
            print(f"wrote {os.path.relpath(path)}")
        return 0
    if args == ["--check"]:
        stale = drifted()
        for kind in stale:
            path = compiled_path() if kind == COMPILED_NAME else schema_path(kind)
            print(f"{path} is out of date; run: python -m planproof.schema --write")
        return 1 if stale else 0
    print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
    return 2
