"""Bounded regular-expression search for patterns written in documents.

A pattern from a document is untrusted input: `(a+)+$` against a long run of `a` takes
exponential time with a backtracking engine. Every search here is bounded three ways:

- pattern length: longer than MAX_PATTERN characters is refused (a finding, never compiled);
- pattern size: counted repeats (`x{1000}`) are expanded by the compiler, so `[a-z]{65535}`
  written 160 times costs seconds and gigabytes before any timeout applies; a pattern whose
  repeats expand past MAX_EXPANSION items is refused before it is compiled;
- input size: at most MAX_INPUT characters of a file are searched (the answer says so);
- time: each search runs with the `regex` module's timeout (PER_SEARCH seconds), and the whole
  run has a budget (RUN_BUDGET seconds) after which further searches are refused.

An invalid pattern is reported with the compiler's own error text. Patterns that are plain
text (escaped punctuation and top-level `|` allowed, e.g. `Commands\\.SIGN_IN|signIn`) are
searched as substrings: linear time, no compilation, the same answer.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

MAX_PATTERN = 2000
MAX_EXPANSION = 100_000  # items after expanding counted repeats: about 0.2 s and 40 MB to compile
MAX_INPUT = 4 * 1024 * 1024
NEAR_LINES = 30  # search_near: a window is the first part's line and this many more
MAX_WINDOWS = 200
PER_SEARCH = 0.25
RUN_BUDGET = 5.0


@dataclass(frozen=True, slots=True)
class SearchResult:
    """status: found | not-found | invalid | too-long | timeout | budget"""

    status: str
    detail: str = ""
    line: int | None = None  # 1-based line of the first match
    match: str = ""
    truncated: bool = False  # only the first MAX_INPUT characters were searched

    @property
    def found(self) -> bool:
        return self.status == "found"


class BoundedRegex:
    """One per run: compiled patterns are cached, time spent is accounted against the budget."""

    def __init__(self, per_search: float = PER_SEARCH, budget: float = RUN_BUDGET) -> None:
        self.per_search = per_search
        self.budget = budget
        self.spent = 0.0
        self._compiled: dict[str, object] = {}
        self._literals: dict[str, list[str] | None] = {}

    @staticmethod
    def _search_literals(literals: list[str], text: str) -> SearchResult:
        truncated = len(text) > MAX_INPUT
        subject = text[:MAX_INPUT] if truncated else text
        hits = [(subject.find(literal), literal) for literal in literals]
        hits = [(index, literal) for index, literal in hits if index >= 0]
        if not hits:
            return SearchResult("not-found", truncated=truncated)
        index, literal = min(hits)
        return SearchResult("found", line=subject.count("\n", 0, index) + 1, match=literal[:200],
                            truncated=truncated)

    def compile(self, pattern: str, dotall: bool = False):
        """The compiled pattern, or a SearchResult explaining why there is none."""
        key = ("dotall", pattern) if dotall else pattern
        if key in self._compiled:
            return self._compiled[key]
        import regex

        if len(pattern) > MAX_PATTERN:
            result = SearchResult("too-long", f"the pattern is {len(pattern)} characters long "
                                              f"(limit {MAX_PATTERN})")
        elif (size := expanded_size(pattern)) > MAX_EXPANSION:
            result = SearchResult("too-long", f"its counted repeats expand to more than "
                                              f"{MAX_EXPANSION:,} items ({size:,} at least)")
        else:
            try:
                result = regex.compile(pattern, regex.MULTILINE | (regex.DOTALL if dotall else 0))
            except (regex.error, ValueError, TypeError, OverflowError, RecursionError) as exc:
                result = SearchResult("invalid", str(exc))
        self._compiled[key] = result
        return result

    def search(self, pattern: str, text: str) -> SearchResult:
        literals = self._literals.get(pattern, False)
        if literals is False:
            literals = self._literals[pattern] = literal_alternatives(pattern)
        if literals is not None:
            return self._search_literals(literals, text)
        compiled = self.compile(pattern)
        if isinstance(compiled, SearchResult):
            return compiled
        if self.spent >= self.budget:
            return SearchResult("budget", f"regex time budget of {self.budget:g} s for this run "
                                          "is used up")
        truncated = len(text) > MAX_INPUT
        subject = text[:MAX_INPUT] if truncated else text
        started = time.perf_counter()
        try:
            match = compiled.search(subject, timeout=self.per_search)
        except TimeoutError:
            return SearchResult("timeout", f"the search took longer than {self.per_search:g} s "
                                           "(catastrophic backtracking?)", truncated=truncated)
        finally:
            self.spent += time.perf_counter() - started
        if match is None:
            return SearchResult("not-found", truncated=truncated)
        line = subject.count("\n", 0, match.start()) + 1
        return SearchResult("found", line=line, match=match.group(0)[:200], truncated=truncated)


    def search_near(self, pattern: str, text: str, lines: int = NEAR_LINES) -> SearchResult:
        """`pattern` with `.` matching line ends, searched only from a line where its first part
        (up to its first top-level `.*` or `.+`) matches, through the `lines` lines after it: a
        YAML key with its list item a few lines below. Parts far apart or out of order still
        fail; a pattern without such a first part is not searched (not-found)."""
        head = leading_part(pattern)
        anchor = self.compile(head) if head else None
        whole = self.compile(pattern, dotall=True)
        if anchor is None or isinstance(anchor, SearchResult) or isinstance(whole, SearchResult):
            return SearchResult("not-found")
        if self.spent >= self.budget:
            return SearchResult("budget", f"regex time budget of {self.budget:g} s for this run "
                                          "is used up")
        subject = text[:MAX_INPUT]
        started = time.perf_counter()
        try:
            for count, match in enumerate(anchor.finditer(subject, timeout=self.per_search)):
                start = subject.rfind("\n", 0, match.start()) + 1
                end = start
                for _ in range(lines + 1):
                    end = subject.find("\n", end) + 1 or len(subject)
                found = whole.search(subject, start, end, timeout=self.per_search)
                if found is not None:
                    return SearchResult("found", line=subject.count("\n", 0, found.start()) + 1,
                                        match=found.group(0)[:200])
                if count + 1 >= MAX_WINDOWS or time.perf_counter() - started > self.per_search:
                    break
        except TimeoutError:
            return SearchResult("timeout", f"the search took longer than {self.per_search:g} s")
        finally:
            self.spent += time.perf_counter() - started
        return SearchResult("not-found")


def leading_part(pattern: str) -> str | None:
    """`resources:` of `resources:.*nominatim\\.yaml`: the pattern up to its first top-level `.*`
    or `.+`, when something follows it and no top-level `|` comes before; else None."""
    depth, index = 0, 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            index = _class_end(pattern, index)
            continue
        if char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            return None
        elif char == "." and depth == 0 and pattern[index + 1:index + 2] in ("*", "+"):
            rest = pattern[index + 2:].lstrip("?")
            return pattern[:index] if index and rest else None
        index += 1
    return None


LITERAL_ESCAPES = set(".()[]{}*+?|\\/-'\"# :=<>,;!@%&~`")


def literal_alternatives(pattern: str) -> list[str] | None:
    """`a\\.b|c` -> ["a.b", "c"] when the pattern is only literal text (escaped punctuation
    allowed) separated by top-level `|`; None when it needs the regex engine. A literal search
    is exact, cannot backtrack, and skips compiling the pattern."""
    if len(pattern) > MAX_PATTERN:
        return None
    alternatives, current, index = [], [], 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            if index + 1 >= len(pattern) or pattern[index + 1] not in LITERAL_ESCAPES:
                return None
            current.append(pattern[index + 1])
            index += 2
            continue
        if char == "|":
            alternatives.append("".join(current))
            current = []
        elif char in ".^$*+?()[]{}":
            return None
        else:
            current.append(char)
        index += 1
    alternatives.append("".join(current))
    if any(not alternative for alternative in alternatives):
        return None  # an empty alternative matches everywhere: leave it to the engine
    return alternatives


_COUNTED = re.compile(r"\{(\d*)(?:,(\d*))?\}")


def expanded_size(pattern: str) -> int:
    """About how many items the compiler makes of `pattern`: every atom counts 1, a counted repeat
    multiplies the atom or group before it (nested repeats multiply). Stops early past the limit."""
    totals, last, index = [0], 0, 0
    while index < len(pattern) and totals[0] <= MAX_EXPANSION:
        char = pattern[index]
        if char == "(":
            totals.append(0)
            last, index = 0, index + 1
            continue
        if char == "{" and (count := _COUNTED.match(pattern, index)) and any(count.groups()):
            times = max(int(text[:7]) if text else 0 for text in count.groups())
            totals[-1] += last * (times - 1)
            last, index = last * times, count.end()
            continue
        if char == ")" and len(totals) > 1:
            atom, index = max(totals.pop(), 1), index + 1
        elif char == "[":
            atom, index = 1, _class_end(pattern, index)
        else:
            atom, index = 1, index + (2 if char == "\\" else 1)
        totals[-1] += atom
        last = atom
    return sum(totals)


def _class_end(pattern: str, index: int) -> int:
    """The index after the character class that starts at `index`."""
    index += 1
    if pattern.startswith("^", index):
        index += 1
    if pattern.startswith("]", index):
        index += 1
    while index < len(pattern) and pattern[index] != "]":
        index += 2 if pattern[index] == "\\" else 1
    return index + 1
