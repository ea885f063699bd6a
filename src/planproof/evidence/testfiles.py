"""What a test file is, by its path: one definition for every rule that asks.

- `is_test_module(path)`: the file's name says it holds tests (`test_x.py`, `x_test.go`,
  `tests.py`, `x.test.ts`, `x.spec.js`): its tests can be counted.
- `is_test_file(path)`: test code of any kind: a test module, anything under a `tests/`,
  `__tests__/` or `spec/` folder, or a `conftest.py`. Coverage claims leave these out of "source".
"""

from __future__ import annotations

import os
import re

from planproof import lazyre

TEST_MODULE = lazyre.compile(
    r"(?:^|/)(?:test_[^/]*\.\w+|[^/]*_test\.\w+|tests?\.py|[^/]*\.(?:test|spec)\.\w+)$", re.I)
TEST_FOLDER = lazyre.compile(r"(?:^|/)(?:tests?|__tests__|specs?)/", re.I)
CONFTEST = lazyre.compile(r"(?:^|/)conftest\.py$", re.I)


def _posix(path: str) -> str:
    return path.replace("\\", "/")


def is_test_module(path: str | None) -> bool:
    return bool(path) and TEST_MODULE.search(_posix(path)) is not None


def is_test_file(path: str | None) -> bool:
    if not path or "." not in os.path.basename(path):
        return False
    posix = _posix(path)
    return bool(TEST_MODULE.search(posix) or TEST_FOLDER.search(posix) or CONFTEST.search(posix))
