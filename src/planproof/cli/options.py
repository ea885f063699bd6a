"""The command line's parameters: the options every run command shares, the values they leave
in the click context, and how a usage error ends the program (exit 2)."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from typing import IO, Iterator

import click

from planproof.report import REPORTER_BY_NAME


def fail(message: str) -> None:
    click.echo(f"planproof: error: {message}", err=True)
    sys.exit(2)


def exit_with(code: int, exit_zero: bool) -> None:
    """Exit with a run's code; --exit-zero turns "findings fail the run" (1) into 0."""
    sys.exit(0 if exit_zero and code == 1 else code)


def split_codes(values: tuple[str, ...]) -> list[str]:
    return [code.strip().upper() for value in values for code in value.split(",") if code.strip()]


def remember(ctx, param, value):
    """Options every run command shares without widening each command's signature."""
    ctx.meta[f"planproof.{param.name}"] = value
    return value


def remembered(name: str):
    ctx = click.get_current_context(silent=True)
    return ctx.meta.get(f"planproof.{name}") if ctx else None


def absolute_paths(ctx, param, value):
    """Evidence paths are made absolute where they are given (the run may change directory)."""
    if value is None:
        return None
    if isinstance(value, tuple):
        return tuple(os.path.abspath(v) for v in value)
    return os.path.abspath(value)


@contextmanager
def output_stream(output_file: str | None, default: IO[str]) -> Iterator[IO[str]]:
    """The report's destination: `-o FILE` (closed afterwards), else `default`."""
    if not output_file:
        yield default
        return
    with open(output_file, "w", encoding="utf-8") as stream:
        yield stream


def format_option(reporters):
    """`--format`, its choices the names of a reporter registry (`report.REPORTER_BY_NAME`)."""
    return click.option("--format", "fmt", type=click.Choice(list(reporters)), default="text",
                        show_default=True, help="Output format.")


OUTPUT_FILE = click.option("-o", "--output-file", type=click.Path(dir_okay=False, writable=True),
                           help="Write the report to this file instead of standard output.")
CONFIG = click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False),
                      help="Read settings from this file instead of searching for one.")
DEBUG = click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
AS_OF = click.option("--as-of", "as_of", metavar="WHEN",
                     help="When repository claims are judged: 'written' (default: at the commit "
                          "that recorded each document; later changes are PP532), 'now' (the "
                          "work tree) or a git revision (every claim at that commit).")


SELECTION = [  # which rules run and on which files (lint, verify, claims)
    click.option("--select", multiple=True, help="Rule codes or prefixes to run (PP4 = PP4xx)."),
    click.option("--extend-select", multiple=True, help="Add codes to the selection."),
    click.option("--ignore", multiple=True, help="Rule codes or prefixes to skip."),
    click.option("--exclude", multiple=True, metavar="GLOB", help="Skip matching files."),
]


def selection_options(function):
    """--select, --extend-select, --ignore, --exclude."""
    return apply_options(SELECTION, function)


def run_options(function):
    """Options shared by every command that runs rules (lint, verify)."""
    options = [
        click.argument("paths", nargs=-1, type=click.Path()),
        click.option("--format", "--output-format", "fmt", default="text", show_default=True,
                     type=click.Choice(list(REPORTER_BY_NAME)), help="Output format."),
        OUTPUT_FILE,
        *SELECTION,
        click.option("--strict/--no-strict", default=None,
                     help="Warnings fail the run too (--no-strict overrides `strict = true`)."),
        click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings fail the run."),
        click.option("-q", "--quiet", is_flag=True, help="Print findings only, no summary."),
        click.option("--statistics", is_flag=True, help="Print counts per rule."),
        click.option("--show-info", is_flag=True, expose_value=False, callback=remember,
                     help="Also print info findings (text and github formats hide them unless "
                          "their rule is selected by name; JSON and SARIF always keep them)."),
        click.option("-j", "--jobs", type=click.IntRange(0), default=None,
                     help="Parallel processes (0: one per CPU)."),
        click.option("--max-file-size", type=click.IntRange(1), default=None,
                     help="Skip (and report) files larger than this many bytes."),
        CONFIG,
        DEBUG,
        click.option("--show-settings", is_flag=True, expose_value=False, callback=remember,
                     help="Print the effective settings (config file + options) and exit."),
        click.option("--schema", "schema", multiple=True, metavar="KIND=PATH", expose_value=False,
                     callback=remember, help="Validate KIND frontmatter (plan, summary, ...) "
                     "with this JSON Schema instead of the built-in one; repeatable."),
        click.option("--no-cache", is_flag=True, expose_value=False, callback=remember,
                     help="Neither read nor write the lint cache."),
        click.option("--cache-dir", type=click.Path(file_okay=False), expose_value=False,
                     callback=remember, help="Cache directory (default: .planproof_cache)."),
        *adoption_options(),
    ]
    return apply_options(options, function)


def apply_options(options: list, function):
    """Decorate `function` with `options`, the first listed first in --help."""
    for option in reversed(options):
        function = option(function)
    return function


def adoption_options() -> list:
    """Options for adopting planproof on an existing repository (cli/adopt.py acts on them)."""
    return [
        click.option("--fix", is_flag=True, expose_value=False, callback=remember,
                     help="Apply safe fixes in place, then report what remains."),
        click.option("--diff", is_flag=True, expose_value=False, callback=remember,
                     help="Print the fixes as a unified diff and change nothing "
                          "(exit 1 when there is something to fix)."),
        click.option("--unsafe-fixes", is_flag=True, expose_value=False, callback=remember,
                     help="With --fix or --diff, also fixes that change what a document says."),
        click.option("--stdin-filename", metavar="PATH", expose_value=False, callback=remember,
                     help="Read the document from standard input; report it as PATH, with "
                          "the settings PATH would get (with --fix: the fixed document to "
                          "standard output, the findings to standard error)."),
        click.option("--respect-gitignore/--no-respect-gitignore", default=None,
                     expose_value=False, callback=remember,
                     help="Skip files git ignores in the folders given (default; files named "
                          "on the command line are always read)."),
        click.option("--baseline", type=click.Path(dir_okay=False), expose_value=False,
                     callback=remember, metavar="FILE",
                     help="Report only findings not recorded in FILE (see --write-baseline)."),
        click.option("--write-baseline", type=click.Path(dir_okay=False), expose_value=False,
                     callback=remember, metavar="FILE",
                     help="Record the current findings in FILE and exit 0."),
    ]
