"""Run the test suite against the lowest versions pyproject.toml allows.

    python tools/test_lowest.py [VENV_DIR]     # default: a temporary folder

Creates a fresh virtualenv, installs every runtime dependency at its lower bound (`>=X` becomes
`==X`), the project itself without dependencies, and the test extra as declared; then runs the
README's test command. Exit code: pytest's.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def lowest(requirements: list[str]) -> list[str]:
    pinned = []
    for requirement in requirements:
        match = re.fullmatch(r"([A-Za-z0-9_.\-\[\]]+)\s*>=\s*([^,;\s]+)", requirement.strip())
        if match is None:
            raise SystemExit(f"no lower bound to test in {requirement!r}")
        pinned.append(f"{match.group(1)}=={match.group(2)}")
    return pinned


def main() -> int:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    venv = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="lowest-"))
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    pip = [python, "-m", "pip", "install", "-q"]
    subprocess.run(pip + lowest(project["dependencies"]), check=True)
    subprocess.run(pip + ["--no-deps", "-e", str(ROOT)], check=True)
    subprocess.run(pip + project["optional-dependencies"]["test"], check=True)
    return subprocess.run([python, "-m", "pytest", "-q"], cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main())
