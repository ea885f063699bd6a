"""Settings: `[tool.planproof]` in pyproject.toml or `.planproof.toml`, then command-line overrides."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planproof.reading import DEFAULT_MAX_FILE_SIZE


class ConfigError(Exception):
    """A configuration problem the user must fix; the CLI exits 2 with this message."""


@dataclass
class Settings:
    select: list[str] = field(default_factory=lambda: ["PP"])
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    severity: dict[str, str] = field(default_factory=dict)  # code or prefix -> severity
    exclude: list[str] = field(default_factory=list)
    strict: bool = False
    jobs: int = 0  # 0: as many as the machine has
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    schemas: dict[str, str] = field(default_factory=dict)  # kind -> schema file
    coverage: list[str] = field(default_factory=list)
    coverage_config: str | None = None
    junit: list[str] = field(default_factory=list)
    root: str | None = None
    cache_dir: str | None = None
    cache: bool = True
    debug: bool = False
    config_file: str | None = None  # where the settings came from, for `planproof config`

    def fingerprint(self) -> str:
        """A stable text of everything that changes results (cache keys use it)."""
        data = dataclasses.asdict(self)
        for volatile in ("jobs", "debug", "cache", "cache_dir", "config_file"):
            data.pop(volatile)
        return repr(sorted(data.items()))


CONFIG_KEYS = {f.name.replace("_", "-") for f in dataclasses.fields(Settings)} - {
    "debug", "config-file", "root"}


def find_config(start: Path) -> Path | None:
    """The nearest `.planproof.toml`, or `pyproject.toml` with a [tool.planproof] table."""
    import tomllib

    directory = start if start.is_dir() else start.parent
    for folder in [directory, *directory.parents]:
        dedicated = folder / ".planproof.toml"
        if dedicated.is_file():
            return dedicated
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError):
                continue
            if "planproof" in data.get("tool", {}):
                return pyproject
    return None


def read_config(path: Path) -> dict[str, Any]:
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("planproof", {})
    return data


def settings_from_table(table: dict[str, Any], source: Path | None = None) -> Settings:
    settings = Settings(config_file=str(source) if source else None)
    where = f"{source}: " if source else ""
    for key, value in table.items():
        if key not in CONFIG_KEYS:
            raise ConfigError(f"{where}unknown setting '{key}' in [tool.planproof]")
        attribute = key.replace("-", "_")
        expected = type(getattr(settings, attribute))
        if getattr(settings, attribute) is None:
            expected = str
        if not isinstance(value, expected):
            raise ConfigError(f"{where}setting '{key}' must be a {expected.__name__}, "
                              f"got {type(value).__name__}")
        setattr(settings, attribute, value)
    if source is not None:
        _anchor_paths(settings, source.parent)
    return settings


def _anchor_paths(settings: Settings, base: Path) -> None:
    """Paths written in a config file are relative to that file."""
    def anchor(value: str) -> str:
        return value if os.path.isabs(value) else str(base / value)

    settings.coverage = [anchor(p) for p in settings.coverage]
    settings.junit = [anchor(p) for p in settings.junit]
    settings.schemas = {k: anchor(v) for k, v in settings.schemas.items()}
    if settings.coverage_config:
        settings.coverage_config = anchor(settings.coverage_config)


def load_settings(paths: list[str], overrides: dict[str, Any] | None = None,
                  config_path: str | None = None) -> Settings:
    """Settings for a run over `paths`: config file found by walking up, then `overrides`."""
    start = Path(paths[0]) if paths else Path.cwd()
    source = Path(config_path) if config_path else find_config(start.resolve())
    settings = settings_from_table(read_config(source), source) if source else Settings()
    for key, value in (overrides or {}).items():
        if value is None or value == () or value == []:
            continue
        if not hasattr(settings, key):
            raise ConfigError(f"unknown setting '{key}'")
        setattr(settings, key, list(value) if isinstance(value, tuple) else value)
    return settings
