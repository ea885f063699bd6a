"""The `planproof` program (pyproject's console script is `planproof.cli:main`).

`--version`, `rules` and `rule CODE` are answered before click or any other dependency is
imported: start-up time is part of the product (pre-commit runs it per commit). Every other
command is parsed by click (cli/commands.py) and runs through the public API (planproof).
"""

from __future__ import annotations

import gc
import sys

CHECKING_COMMANDS = ("lint", "verify", "signoff", "claims")


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else list(argv)
    if args == ["--version"]:
        from planproof.__about__ import __version__

        print(f"planproof {__version__}")
        return
    if args[:1] in (["rules"], ["rule"]):
        _answer_without_click(args)
    _run_click(args)


def _answer_without_click(args: list[str]) -> None:
    """`rules` and `rule CODE` (cli/listing.py); returns when click must parse `args`."""
    from planproof.cli.listing import fast_path

    try:
        code = fast_path(args)
    except BrokenPipeError:  # `planproof rules | head`: exit 1 quietly, as click does
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    if code is not None:
        sys.exit(code)


def _load_program(args: list[str]) -> None:
    """Import what the command runs with the garbage collector paused, then freeze the result.

    Start-up makes tens of thousands of objects that live as long as the process (modules,
    classes, the rule registry): collecting them again and again finds nothing to free. Measured
    (CPU of `lint --no-cache` on one document, 24 interleaved runs of each, medians): 107 ms as
    written, 110 ms freezing without the pause, 118 ms pausing without the freeze or doing
    neither. Frozen, they are also never touched again in the pool's forked workers (their
    pages stay shared)."""
    gc.disable()
    try:
        import planproof.cli.commands  # noqa: F401

        if args[:1] and args[0] in CHECKING_COMMANDS:
            import planproof.pipeline  # noqa: F401
            from planproof.rules import all_rules
            from planproof.yaml_syntax import loader

            all_rules()
            loader()  # every document's frontmatter is read with it
    finally:
        gc.freeze()
        gc.enable()


def _run_click(args: list[str]) -> None:
    _load_program(args)
    from planproof.cli.commands import cli

    try:
        cli.main(args=args, prog_name="planproof")
    except Exception as exc:  # a bug outside any rule: one line and exit 2, traceback on --debug
        if "--debug" in args:
            import traceback

            traceback.print_exc()
            sys.exit(2)  # re-raising would make Python exit 1: a crash must never look like "failed"
        print(f"planproof: internal error: {type(exc).__name__}: {exc} "
              "(this is a bug in planproof; rerun with --debug for the traceback)", file=sys.stderr)
        sys.exit(2)
