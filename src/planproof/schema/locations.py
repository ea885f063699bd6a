"""Where the frontmatter schemas live and what they are called: ids, the folder of the JSON
files (inside a wheel or a checkout) and the compiled validators module."""

from __future__ import annotations

from pathlib import Path

KINDS = ("plan", "summary", "verification", "uat", "state")
DIALECT = "https://json-schema.org/draft/2020-12/schema"
ID_BASE = "https://planproof.dev/schemas/"
COMPILED_NAME = "_schema_validators.py"
PACKAGE = Path(__file__).resolve().parent.parent  # src/planproof, or planproof in a wheel


def schema_id(kind: str) -> str:
    return f"{ID_BASE}{kind.lower()}.schema.json"


def schema_dir() -> Path:
    """`planproof/schemas` inside an installed wheel, else the checkout's top-level `schemas/`."""
    installed = PACKAGE / "schemas"
    if installed.is_dir():
        return installed
    return PACKAGE.parent.parent / "schemas"


def schema_path(kind: str) -> Path:
    return schema_dir() / f"{kind.lower()}.schema.json"


def compiled_path() -> Path:
    return PACKAGE / COMPILED_NAME


def source_checkout() -> Path | None:
    """The repository root when planproof runs from a source checkout (src/planproof/), else
    None: an installed copy has no committed schemas to regenerate."""
    root = PACKAGE.parent.parent
    if PACKAGE.parent.name == "src" and (root / "pyproject.toml").is_file() \
            and (root / "schemas").is_dir():
        return root
    return None
