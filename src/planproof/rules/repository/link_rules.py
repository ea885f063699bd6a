"""PP510-PP513: the rules about key links (judged in key_links.py)."""

from __future__ import annotations

from planproof.rules import rule
from planproof.rules.examples import key_link
from planproof.rules.repository.rule_findings import findings_for


@rule("PP510", "key-link-not-found", "error", mode="verify",
      summary="A key link's pattern is not found in `from` (or `to`), or `from` does not mention `to`.",
      what="""
         `from`/`to` resolve as a path, else as an artifact's file name, else as the first
         path-like token of the text. `pattern` is searched as a regular expression (bounded in time
         and input) in `from`, then in `to`; without a pattern, `from` must mention `to` (its path,
         file name or stem). `.*` may reach the next line; in configuration files (YAML, JSON,
         TOML, ...) it may reach 30 lines below the line where the pattern's first part matches
         (`resources:.*app\\.yaml` with the item listed under the key). An import under
         `if TYPE_CHECKING:` only does not make an unmatched link look wired.
      """,
      why="Key links are the wiring between artifacts; a missing link is dead code that looks done.",
      bad="""
         ---
         must_haves:
           key_links:
             - from: "src/planproof_example_missing.ts"
               to: "src/api.ts"
               via: "import"
         ---
      """,
      at=(4, 13),
      good=key_link(r"from src\.parser import parse"))
def key_link_not_found(doc, ctx):
    return findings_for("PP510", doc, ctx)


@rule("PP511", "invalid-regex", "error", mode="verify",
      summary="A key link pattern is not a valid regular expression.",
      what="Compiles the pattern and reports the compiler's error text.",
      why="An invalid pattern can never match: the link would be reported unwired for the wrong reason.",
      bad=key_link("import parse("),
      at=(8, 16),
      example_path=".planning/phases/01-parser/01-01-PLAN.md",
      good=key_link(r"import parse\b"))
def invalid_regex(doc, ctx):
    return findings_for("PP511", doc, ctx)


@rule("PP512", "key-link-unresolvable", "info", mode="verify",
      summary="A key link cannot be checked: no file to search, or nothing to search for.",
      what="""
         Neither `from` nor `to` resolves to a file, or there is no pattern and `to` names nothing,
         or the pattern is a command run on the file (`kubectl apply -f`, `locust --headless`: a
         command word and option flags) and is not in it; files where commands are written as text
         (docs, scripts, Makefiles, CI workflows) are searched for it as usual.
      """,
      why="An unchecked link is not a verified link; planproof lists it instead of counting a pass.",
      bad="""
         ---
         must_haves:
           key_links:
             - from: "Codecov or Coveralls"
               to: "the CI badge"
         ---
      """,
      at=(4, 13),
      good=key_link("import parse"))
def key_link_unresolvable(doc, ctx):
    return findings_for("PP512", doc, ctx)


@rule("PP513", "regex-limit", "error", mode="verify",
      summary="A pattern was too long or too slow and was not searched to the end.",
      what="""
         Patterns over 2,000 characters, or whose counted repeats (`[a-z]{65535}`) expand past
         100,000 items, are refused before they are compiled; each search stops after 0.25 s
         (catastrophic backtracking such as `(a+)+$`), and a run spends at most 5 s in regex
         searches.
      """,
      why="""
         A document must not be able to hang CI with a pattern, and a claim that could not be
         checked must not pass: the finding is an error (the run fails closed).
      """,
      bad="(a key link with `pattern: \"(a+)+$\"` against a file holding a long run of 'a')",
      good=key_link(r"(import|from) \w+"))
def regex_limit(doc, ctx):
    return findings_for("PP513", doc, ctx)
