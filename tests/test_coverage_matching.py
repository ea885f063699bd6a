"""Matching a claimed file name to measured files by path-component suffix."""

from __future__ import annotations

import pytest

from planproof.evidence.coverage import PathIndex, components

MEASURED = ["/abs/backend/core/models.py", "/abs/backend/util/models.py",
            "/abs/backend/core/workflow_engine.py", "src/attune/memory/store.py",
            "src/attune/memory/deep/index.py", "src/other/memory/x.py", "C:\\proj\\app\\cli.py"]


@pytest.fixture(scope="module")
def index():
    return PathIndex(MEASURED)


@pytest.mark.parametrize("claimed, expected", [
    ("core/models.py", "/abs/backend/core/models.py"),
    ("./core/models.py", "/abs/backend/core/models.py"),
    ("backend/core/models.py", "/abs/backend/core/models.py"),
    ("workflow_engine.py", "/abs/backend/core/workflow_engine.py"),
    ("app\\cli.py", "C:\\proj\\app\\cli.py"),
    ("D:/proj/app/cli.py", "C:\\proj\\app\\cli.py"),
])
def test_suffix_matches(index, claimed, expected):
    match = index.match(claimed)
    assert match.kind == "file" and match.files == (expected,)


@pytest.mark.parametrize("claimed", ["re/models.py", "odels.py", "core/models", "nothing.py",
                                     "", "other/core/models.py"])
def test_no_substring_or_partial_component_matches(index, claimed):
    assert index.match(claimed).kind == "none"


def test_bare_name_with_several_files_is_ambiguous_with_candidates(index):
    match = index.match("models.py")
    assert match.kind == "ambiguous" and not match.ok
    assert match.candidates == ("/abs/backend/core/models.py", "/abs/backend/util/models.py")


def test_directory_claims(index):
    match = index.match("attune/memory/")
    assert match.kind == "directory"
    assert match.files == ("src/attune/memory/deep/index.py", "src/attune/memory/store.py")
    ambiguous = index.match("memory/")
    assert ambiguous.kind == "ambiguous"
    assert ambiguous.candidates == ("src/attune/memory/", "src/other/memory/")


def test_components_normalise():
    assert components("C:\\a\\.\\b//c.py") == ("a", "b", "c.py")
    assert components("./x/y.py") == ("x", "y.py")
