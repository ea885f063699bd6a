"""Shared test helpers: write documents to a temp tree and run the real CLI on them."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from planproof.cli.commands import cli
from planproof.engine import check_text

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


def shared(relative: str) -> Path:
    """A folder of real planning documents in ../shared, for the corpus-wide tests only.

    Those documents come from other repositories and are not shipped with planproof; every other
    test builds its own input, so a clone without ../shared still runs them all.
    """
    path = SHARED / relative
    if not path.is_dir():
        pytest.skip(f"corpus-wide test: ../shared/{relative} (real documents, not shipped with "
                    "planproof) is not beside this checkout")
    return path


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def codes(findings) -> list[str]:
    return [f.code for f in findings]


def lint_text(text: str, path: str = "01-01-PLAN.md", **settings_kwargs):
    from planproof.config import Settings

    return check_text(dedent(text), path, Settings(**settings_kwargs))


@pytest.fixture(autouse=True, scope="session")
def _cache_outside_the_checkout(tmp_path_factory):
    """The suite must not leave a .planproof_cache in the repository or the corpus."""
    import os

    os.environ["PLANPROOF_CACHE_DIR"] = str(tmp_path_factory.mktemp("planproof-cache"))
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("user-cache"))  # the cache key


@pytest.fixture
def write(tmp_path):
    """write("a/01-01-PLAN.md", text) creates the file under tmp_path and returns its path."""

    def _write(relative: str, content: str | bytes) -> Path:
        target = tmp_path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(dedent(content), encoding="utf-8")
        return target

    return _write


@pytest.fixture
def run_cli():
    """run_cli("lint", path, "--format", "json") -> (exit_code, stdout, parsed json or None)."""

    def _run(*args: str):
        result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
        parsed = None
        if "--format" in args and "json" in args and result.stdout.strip():
            parsed = json.loads(result.stdout)
        return result.exit_code, result.output, parsed

    return _run
