"""The suite itself: tests that read ../shared do it through conftest.shared(), which skips with a
reason when it is absent, so a clone without ../shared runs every other test."""

from __future__ import annotations

import re

from conftest import REPO

DIRECT = re.compile(r"\bSHARED\s*/|\.\./shared")


def test_shared_material_is_reached_only_through_the_helper():
    offenders = []
    for path in sorted((REPO / "tests").glob("test_*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if DIRECT.search(line) and path.name not in ("test_corpus.py", "test_suite_hygiene.py"):
                offenders.append(f"{path.name}:{number}: {line.strip()}")
    assert offenders == []
