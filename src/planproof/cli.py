"""Command line: parse options, build Settings, call the engine, pick a reporter. Nothing else."""

from __future__ import annotations

import os
import sys

from planproof.__about__ import __version__


def main(argv: list[str] | None = None) -> None:
    """Run the click commands (the `planproof` program starts in planproof._entry)."""
    args = sys.argv[1:] if argv is None else argv
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


import click  # noqa: E402

from planproof import cli_adopt  # noqa: E402
from planproof.cli_adopt import adoption_options  # noqa: E402


def _split_codes(values: tuple[str, ...]) -> list[str]:
    return [code.strip().upper() for value in values for code in value.split(",") if code.strip()]


def _fail(message: str) -> None:
    click.echo(f"planproof: error: {message}", err=True)
    sys.exit(2)


def _remember(ctx, param, value):
    """Options every run command shares without widening each command's signature."""
    ctx.meta[f"planproof.{param.name}"] = value
    return value


def _remembered(name: str):
    ctx = click.get_current_context(silent=True)
    return ctx.meta.get(f"planproof.{name}") if ctx else None


def _absolute_paths(ctx, param, value):
    """Evidence paths are made absolute where they are given (the run may change directory)."""
    if value is None:
        return None
    if isinstance(value, tuple):
        return tuple(os.path.abspath(v) for v in value)
    return os.path.abspath(value)


def run_options(function):
    """Options shared by every command that runs rules (lint, verify, signoff)."""
    options = [
        click.argument("paths", nargs=-1, type=click.Path()),
        click.option("--format", "--output-format", "fmt", default="text", show_default=True,
                     type=click.Choice(["text", "json", "sarif", "github", "junit", "gitlab"]),
                     help="Output format."),
        click.option("-o", "--output-file", type=click.Path(dir_okay=False, writable=True),
                     help="Write the report to this file instead of standard output."),
        click.option("--select", multiple=True, help="Rule codes or prefixes to run (PP4 = PP4xx)."),
        click.option("--extend-select", multiple=True, help="Add codes to the selection."),
        click.option("--ignore", multiple=True, help="Rule codes or prefixes to skip."),
        click.option("--exclude", multiple=True, metavar="GLOB", help="Skip matching files."),
        click.option("--strict/--no-strict", default=None,
                     help="Warnings fail the run too (--no-strict overrides `strict = true`)."),
        click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings fail the run."),
        click.option("-q", "--quiet", is_flag=True, help="Print findings only, no summary."),
        click.option("--statistics", is_flag=True, help="Print counts per rule."),
        click.option("--show-info", is_flag=True, expose_value=False, callback=_remember,
                     help="Also print info findings (text and github formats hide them unless "
                          "their rule is selected by name; JSON and SARIF always keep them)."),
        click.option("-j", "--jobs", type=click.IntRange(0), default=None,
                     help="Parallel processes (0: one per CPU)."),
        click.option("--max-file-size", type=click.IntRange(1), default=None,
                     help="Skip (and report) files larger than this many bytes."),
        click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False),
                     help="Read settings from this file instead of searching for one."),
        click.option("--debug", is_flag=True, help="Show tracebacks of internal errors."),
        click.option("--show-settings", is_flag=True, expose_value=False, callback=_remember,
                     help="Print the effective settings (config file + options) and exit."),
        click.option("--schema", "schema", multiple=True, metavar="KIND=PATH", expose_value=False,
                     callback=_remember, help="Validate KIND frontmatter (plan, summary, ...) "
                     "with this JSON Schema instead of the built-in one; repeatable."),
        click.option("--no-cache", is_flag=True, expose_value=False, callback=_remember,
                     help="Neither read nor write the lint cache."),
        click.option("--cache-dir", type=click.Path(file_okay=False), expose_value=False,
                     callback=_remember, help="Cache directory (default: .planproof_cache)."),
        *adoption_options(_remember),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def build_settings(paths, select, extend_select, ignore, exclude, strict, jobs, max_file_size,
                   config_path, debug, **extra):
    from planproof.config import ConfigError, load_settings

    overrides = {
        "select": _split_codes(select) or None,
        "extend_select": _split_codes(extend_select) or None,
        "ignore": _split_codes(ignore) or None,
        "exclude": list(exclude) or None,
        "strict": strict,
        "jobs": jobs,
        "max_file_size": max_file_size,
        "debug": debug or None,
        "cache": False if _remembered("no_cache") else None,
        "cache_dir": _remembered("cache_dir"),
        "baseline": os.path.abspath(_remembered("baseline")) if _remembered("baseline") else None,
        "respect_gitignore": _remembered("respect_gitignore"),
        **extra,
    }
    if _remembered("stdin_filename"):
        if paths:
            _fail("--stdin-filename reads the document from standard input; give no PATHS")
        paths = (_remembered("stdin_filename"),)  # the configuration that path would get
    try:
        settings = load_settings(list(paths), overrides, config_path)  # also checks rule codes
        _custom_schemas(settings, _remembered("schema") or ())
        _group_by_config(list(paths), overrides, config_path)
    except (ConfigError, OSError) as exc:
        _fail(str(exc))
    if _remembered("show_settings"):
        from planproof.config import describe

        click.echo(describe(settings))
        sys.exit(0)
    return settings


def _group_by_config(paths, overrides, config_path) -> None:
    """Paths that find different configuration files run with their own settings."""
    from planproof.config_groups import group_paths

    groups = group_paths(paths, overrides, config_path)
    for _, group_settings, _ in groups or ():
        _custom_schemas(group_settings, _remembered("schema") or ())
    click.get_current_context().meta["planproof.config_groups"] = groups


def _custom_schemas(settings, options) -> None:
    """Merge `--schema KIND=PATH` over [tool.planproof.schemas] and load them all now, so a
    broken schema file is a configuration error (exit 2), not a finding on every document."""
    from planproof.config import ConfigError

    for option in options:
        kind, sep, path = option.partition("=")
        if not sep or not kind.strip() or not path.strip():
            raise ConfigError(f"--schema expects KIND=PATH, got {option!r}")
        settings.schemas = {**settings.schemas, kind.strip().lower(): os.path.abspath(path.strip())}
    if settings.schemas:
        from planproof.schema.validators import check_settings

        check_settings(settings)


def execute(mode: str, paths, fmt, output_file, exit_zero, quiet, statistics, settings) -> None:
    """Run the engine and report; exits with the documented code."""
    from planproof import engine
    from planproof.discovery import DiscoveryError
    from planproof.report import render

    if _remembered("stdin_filename"):
        cli_adopt.from_stdin(mode, fmt, output_file, exit_zero, quiet, statistics, settings)

    def run_paths(given, given_settings):
        if _remembered("with_tree"):  # given files + their planning tree as context
            from planproof.tree_context import run_with_tree

            return run_with_tree(list(given), given_settings, mode)
        return engine.run(list(given), given_settings, mode)

    def run_once():
        try:
            if _remembered("config_groups"):
                from planproof import config_groups

                result = config_groups.run(_remembered("config_groups"), run_paths)
            else:
                result = run_paths(paths, settings)
        except DiscoveryError as exc:
            _fail(str(exc))
        if result.files == 0:
            _nothing_read(mode, paths)
        return result

    result, notes = cli_adopt.run(run_once, settings, mode,
                                  fmt == "text" and not quiet and not output_file)
    stream = open(output_file, "w", encoding="utf-8") if output_file else sys.stdout
    color = (fmt == "text" and not output_file and stream.isatty()
             and "NO_COLOR" not in os.environ)
    try:
        render(fmt, result, _report_options(settings, color, quiet, statistics), stream)
    finally:
        if output_file:
            stream.close()
    for line in notes:  # what was fixed, what the baseline hid (standard error)
        click.echo(line, err=True)
    if settings.debug:
        for finding in result.findings:
            if finding.code == "PP000" and "traceback" in finding.evidence:
                click.echo(finding.evidence["traceback"], err=True)
    code = result.exit_code(settings.strict)
    sys.exit(0 if exit_zero and code == 1 else code)


def _nothing_read(mode: str, paths) -> None:
    """No document found: verify has nothing to prove (exit 2); lint warns and reports, as ruff
    does when no file matches."""
    where = ", ".join(paths) if paths else "the default paths (.planning, else .)"
    if mode == "verify":
        _fail(f"no planning documents (*.md) found under {where}: nothing to verify")
    click.echo(f"planproof: warning: no planning documents (*.md) found under {where}", err=True)


def _report_options(settings, color: bool, quiet: bool, statistics: bool):
    from planproof.report import ReportOptions
    from planproof.rules import explicitly_selected

    info_codes = frozenset(explicitly_selected([*settings.select, *settings.extend_select]))
    return ReportOptions(color, quiet, statistics, settings.root,
                         show_info=bool(_remembered("show_info")), info_codes=info_codes,
                         strict=settings.strict)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="planproof", message="%(prog)s %(version)s")
def cli() -> None:
    """Lint planning documents and prove or refute what they claim."""


@cli.command()
@run_options
@click.option("--with-tree", is_flag=True, expose_value=False, callback=_remember,
              help="Also read the rest of each file's .planning tree for cross-document "
                   "checks; report only on the given files (the pre-commit hook uses this).")
def lint(paths, fmt, output_file, select, extend_select, ignore, exclude, strict, exit_zero,
         quiet, statistics, jobs, max_file_size, config_path, debug):
    """Check planning documents on their own: parsing, schema, structure, arithmetic.

    PATHS are files or directories (default: .planning if it exists, else .).
    Exit codes: 0 clean, 1 failing findings, 2 usage/config/internal error.
    """
    settings = build_settings(paths, select, extend_select, ignore, exclude, strict, jobs,
                              max_file_size, config_path, debug)
    execute("lint", paths, fmt, output_file, exit_zero, quiet, statistics, settings)


@cli.command()
@run_options
@click.option("--root", type=click.Path(exists=True, file_okay=False),
              help="Repository root that document paths resolve against "
                   "(default: the git top-level above the documents, else the current directory).")
@click.option("--coverage", multiple=True, callback=_absolute_paths,
              type=click.Path(exists=True, dir_okay=False), metavar="PATH",
              help="Coverage data: .coverage, coverage.json, coverage.xml (Cobertura) or "
                   "lcov.info; repeatable (default: those found at the root).")
@click.option("--coverage-config", callback=_absolute_paths,
              type=click.Path(exists=True, dir_okay=False), metavar="PATH",
              help="coverage.py configuration for reading .coverage (default: the one "
                   "`coverage report` would use next to the data file, else at the root).")
@click.option("--junit", multiple=True, callback=_absolute_paths,
              type=click.Path(exists=True, dir_okay=False), metavar="PATH",
              help="JUnit XML test results (pytest --junitxml); repeatable.")
@click.option("--as-of", "as_of", metavar="WHEN",
              help="When repository claims are judged: 'written' (default: at the commit that "
                   "recorded each document; later changes are PP532), 'now' (the work tree) or a "
                   "git revision (every claim at that commit).")
def verify(paths, fmt, output_file, select, extend_select, ignore, exclude, strict, exit_zero,
           quiet, statistics, jobs, max_file_size, config_path, debug, root, **evidence):
    """Lint, then check every claim against the working tree and git history.

    PATHS are files or directories (default: .planning if it exists, else .). Nothing written in
    a document is executed: <verify> commands and human checks are listed (PP550).
    Exit codes: 0 clean, 1 failing findings, 2 usage/config/internal error.
    """
    # Evidence options (e.g. --coverage, --junit) are further @click.option decorators above
    # whose parameter names are Settings fields; they arrive in **evidence as settings overrides.
    settings = build_settings(paths, select, extend_select, ignore, exclude, strict, jobs,
                              max_file_size, config_path, debug,
                              root=os.path.abspath(root) if root else None, **evidence)
    execute("verify", paths, fmt, output_file, exit_zero, quiet, statistics, settings)


@cli.command("signoff")
@click.argument("phase")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--root", type=click.Path(exists=True, file_okay=False),
              help="Repository root that document paths resolve against.")
@click.option("--coverage", multiple=True, type=click.Path(exists=True),
              help="Coverage data (.coverage, coverage.xml or coverage.json); repeatable.")
@click.option("--junit", multiple=True, type=click.Path(exists=True),
              help="JUnit XML test results; repeatable.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.option("-o", "--output-file", type=click.Path(dir_okay=False, writable=True),
              help="Write the report to this file instead of standard output.")
@click.option("--as-of", "as_of", metavar="WHEN",
              help="When repository claims are judged: 'written' (default: at the commit that "
                   "recorded each document; later changes are PP532), 'now' (the work tree) or a "
                   "git revision (every claim at that commit).")
@click.option("--allow-human", is_flag=True,
              help="Exit 0 (not 3) when the only thing left is checks by a person.")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False),
              help="Read settings from this file instead of searching for one.")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def signoff_command(phase, paths, root, coverage, junit, fmt, output_file, as_of, allow_human,
                    config_path, debug):
    """Can PHASE be signed off? A verdict with every reason.

    PHASE is a phase number (12, 09.1), a phase folder name, or a folder path. PATHS are where
    the planning tree lives (default: .planning if it exists, else .). Exit codes: 0 ready,
    1 not ready, 3 ready pending human checks (0 with --allow-human), 2 usage/internal error.
    """
    from planproof import signoff as signoff_module

    settings = build_settings(paths, (), (), (), (), None, None, None, config_path, debug,
                              root=os.path.abspath(root) if root else None,
                              coverage=[os.path.abspath(p) for p in coverage] or None,
                              junit=[os.path.abspath(p) for p in junit] or None, as_of=as_of)
    try:
        result = signoff_module.signoff(phase, list(paths), settings)
    except signoff_module.SignoffError as exc:
        _fail(str(exc))
    render = signoff_module.render_json if fmt == "json" else signoff_module.render_text
    stream = open(output_file, "w", encoding="utf-8") if output_file else sys.stdout
    try:
        render(result, stream, allow_human)
    finally:
        if output_file:
            stream.close()
    if debug:
        for finding in result.internal_errors:
            click.echo(finding.evidence.get("traceback", finding.message), err=True)
    sys.exit(result.exit_code(allow_human))


@cli.command("schema")
@click.argument("kind", type=click.Choice(["plan", "summary", "verification", "uat", "state"],
                                          case_sensitive=False))
def show_schema(kind):
    """Print the JSON Schema (draft 2020-12) of KIND's frontmatter."""
    from planproof.schema.locations import schema_path

    click.echo(schema_path(kind.lower()).read_text(encoding="utf-8"), nl=False)


@cli.command("claims")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
def show_claims(paths, fmt):
    """Show every claim in PATHS: position, parsed values, verdict; then PP4xx findings.

    Exit codes: 0 nothing contradicts itself, 1 a claim or a PP4xx error does, 2 internal error.
    """
    from planproof.claims.report import collect, exit_code, render_json, render_text

    files = collect(list(paths))
    (render_json if fmt == "json" else render_text)(files, sys.stdout)
    sys.exit(exit_code(files))


@cli.command("rules")
@click.argument("prefixes", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def list_rules(prefixes, fmt):
    """List every rule (or those matching PREFIXES, e.g. PP4): code, name, severity, summary."""
    from planproof.rules import all_rules, unknown_codes

    rules = all_rules()
    if prefixes:
        unknown = unknown_codes(prefixes)
        if unknown:
            _fail(f"no rule matches {', '.join(unknown)} (see `planproof rules`)")
        rules = {c: r for c, r in rules.items() if c.startswith(tuple(p.upper() for p in prefixes))}
    if fmt == "json":
        import json

        click.echo(json.dumps([{"code": r.code, "name": r.name, "severity": r.severity.value,
                                "summary": r.summary, "mode": r.mode, "default": r.default}
                               for r in rules.values()],
                              indent=2))
        return
    for r in rules.values():
        mode = (" (verify)" if r.mode == "verify" else "") + ("" if r.default else " (opt-in)")
        click.echo(f"{r.code}  {r.name:<32} {r.severity.value:<8} {r.summary}{mode}")


@cli.command("rule")
@click.argument("code")
def show_rule(code):
    """Print a rule's documentation (CODE or name): what, why, a failing and a passing example."""
    from planproof.rules import all_rules, get_rule
    from planproof.rules.docs import rule_markdown

    found = get_rule(code) or next((r for r in all_rules().values() if r.name == code.lower()),
                                   None)
    if found is None:
        _fail(f"no rule {code!r} (see `planproof rules`)")
    click.echo(rule_markdown(found))


@cli.command("config")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["toml", "json"]), default="toml",
              show_default=True)
def show_config(paths, config_path, fmt):
    """Print the effective settings for PATHS (config file found by walking up)."""
    import dataclasses
    import json

    from planproof.config import ConfigError, describe, load_settings

    try:
        settings = load_settings(list(paths), None, config_path)
    except (ConfigError, OSError) as exc:
        _fail(str(exc))
    click.echo(json.dumps(dataclasses.asdict(settings), indent=2) if fmt == "json"
               else describe(settings))
