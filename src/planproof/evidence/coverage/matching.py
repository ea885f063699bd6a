"""Match a file name written in a document to measured file names, by path-component suffix.

`core/models.py` matches `/abs/backend/core/models.py`; `re/models.py` matches nothing (components
are compared whole, never as substrings); a bare `models.py` that matches several measured files
is ambiguous and reported with its candidates, never guessed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

_DRIVE = re.compile(r"^[A-Za-z]:")


def components(path: str) -> tuple[str, ...]:
    """Path components with separators normalised to `/`, drive letters, `.` and empties dropped."""
    text = _DRIVE.sub("", path.strip().replace("\\", "/"))
    return tuple(part for part in text.split("/") if part not in ("", "."))


@dataclass(frozen=True)
class Match:
    """The outcome of matching one claimed name. `kind`: "file", "directory", "ambiguous", "none"."""

    claimed: str
    kind: str
    files: tuple[str, ...] = ()  # the measured names that make up the match
    candidates: tuple[str, ...] = ()  # for "ambiguous": the distinct things it could mean
    directory: str | None = None  # for "directory": the measured directory prefix

    @property
    def ok(self) -> bool:
        return self.kind in ("file", "directory")


@dataclass
class PathIndex:
    """Measured file names indexed by their last component, for fast suffix matching."""

    names: list[str]
    _by_base: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict, init=False)
    _parts: list[tuple[tuple[str, ...], str]] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        by_base: dict[str, list] = defaultdict(list)
        for name in self.names:
            parts = components(name)
            if parts:
                by_base[parts[-1]].append((parts, name))
                self._parts.append((parts, name))
        self._by_base = dict(by_base)

    def match_file(self, claimed: str) -> Match:
        want = components(claimed)
        if not want:
            return Match(claimed, "none")
        found = [name for parts, name in self._by_base.get(want[-1], ())
                 if len(parts) >= len(want) and parts[-len(want):] == want]
        if len(found) == 1:
            return Match(claimed, "file", (found[0],))
        if found:
            return Match(claimed, "ambiguous", tuple(sorted(found)), tuple(sorted(found)))
        return Match(claimed, "none")

    def match_directory(self, claimed: str) -> Match:
        """Every measured file under a directory whose trailing components are `claimed`."""
        want = components(claimed)
        if not want:
            return Match(claimed, "none")
        groups: dict[tuple[str, ...], list[str]] = defaultdict(list)
        size = len(want)
        for parts, name in self._parts:
            directory = parts[:-1]
            for end in range(size, len(directory) + 1):
                if directory[end - size:end] == want:
                    groups[directory[:end]].append(name)
                    break
        if len(groups) == 1:
            (prefix, files), = groups.items()
            return Match(claimed, "directory", tuple(sorted(files)), directory="/".join(prefix))
        if groups:
            return Match(claimed, "ambiguous", tuple(sorted(f for fs in groups.values() for f in fs)),
                         tuple(sorted("/".join(prefix) + "/" for prefix in groups)))
        return Match(claimed, "none")

    def match(self, claimed: str) -> Match:
        """A name ending in `/` (or without a file extension) may be a directory."""
        text = claimed.strip()
        parts = components(text)
        if not parts:
            return Match(claimed, "none")
        if text.endswith(("/", "\\")):
            return self.match_directory(text)
        found = self.match_file(text)
        if found.kind == "none" and "." not in parts[-1]:
            return self.match_directory(text)
        return found
