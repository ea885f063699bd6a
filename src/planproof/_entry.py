"""The `planproof` program. `planproof --version` is answered here, before click or any other
dependency is imported: start-up time is part of the product (pre-commit runs it per commit)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args == ["--version"]:
        from planproof.__about__ import __version__

        print(f"planproof {__version__}")
        return
    from planproof.cli import main as run_cli

    run_cli(args)
