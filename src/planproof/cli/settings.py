"""Settings for a command: the configuration file, then the command-line options over it."""

from __future__ import annotations

import os
import sys

import click

from planproof.cli.options import fail, remembered, split_codes


def build_settings(paths, select=(), extend_select=(), ignore=(), exclude=(), strict=None,
                   jobs=None, max_file_size=None, config_path=None, debug=False, **extra):
    """The run's Settings (planproof.load_settings with the options as overrides); a
    configuration error ends the program (exit 2), --show-settings prints them and exits."""
    from planproof import ConfigError, load_settings

    overrides = {
        "select": split_codes(select) or None,
        "extend_select": split_codes(extend_select) or None,
        "ignore": split_codes(ignore) or None,
        "exclude": list(exclude) or None,
        "strict": strict,
        "jobs": jobs,
        "max_file_size": max_file_size,
        "debug": debug or None,
        "cache": False if remembered("no_cache") else None,
        "cache_dir": remembered("cache_dir"),
        "baseline": os.path.abspath(remembered("baseline")) if remembered("baseline") else None,
        "respect_gitignore": remembered("respect_gitignore"),
        **extra,
    }
    if remembered("stdin_filename"):
        if paths:
            fail("--stdin-filename reads the document from standard input; give no PATHS")
        paths = (remembered("stdin_filename"),)  # the configuration that path would get
    try:
        settings = load_settings(list(paths), overrides, config_path)  # also checks rule codes
        _custom_schemas(settings, remembered("schema") or ())
        _group_by_config(list(paths), overrides, config_path)
    except (ConfigError, OSError) as exc:
        fail(str(exc))
    if remembered("show_settings"):
        from planproof.config import describe

        click.echo(describe(settings))
        sys.exit(0)
    return settings


def _group_by_config(paths, overrides, config_path) -> None:
    """Paths that find different configuration files run with their own settings."""
    from planproof.config_groups import group_paths

    groups = group_paths(paths, overrides, config_path)
    for _, group_settings, _ in groups or ():
        _custom_schemas(group_settings, remembered("schema") or ())
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
