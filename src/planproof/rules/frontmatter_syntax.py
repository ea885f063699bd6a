"""PP110-PP117: the frontmatter block and its syntax (YAML or TOML). `planproof.frontmatter`
records these problems while parsing; each rule reports its own code."""

from __future__ import annotations

from planproof.rules import rule


@rule("PP110", "yaml-syntax-error", "error",
      summary="The frontmatter is not valid YAML.",
      what="""
         Reports the YAML error at its line and column in the markdown file, with a hint for the
         mistakes seen in real planning documents: an unquoted ': ' inside a value, a value that
         starts with a backtick, '@' inside a flow list, backslash escapes in double quotes, a key
         that has both a value and indented children.
      """,
      why="""
         When frontmatter does not parse, every tool that reads it sees nothing at all: the plan's
         must-haves, dependencies and status silently disappear.
      """,
      bad="""
         ---
         phase: "01"
         objective: Fix the login bug: sessions expire too early
         ---
      """,
      at=(3, 29),
      good="""
         ---
         phase: "01"
         objective: "Fix the login bug: sessions expire too early"
         ---
      """)
def yaml_syntax_error(doc, ctx):
    return doc.recorded("PP110")


@rule("PP111", "duplicate-key", "warning",
      summary="A frontmatter key appears twice; YAML silently keeps the last value.",
      what="Reports the second occurrence of a key in the same mapping, naming the first one's line.",
      why="The first value is lost without a word; usually one of the two was meant to be updated.",
      bad="""
         ---
         verified: 2025-01-01
         status: passed
         verified: 2025-02-01
         ---
      """,
      at=(4, 1),
      good="""
         ---
         verified: 2025-02-01
         status: passed
         ---
      """)
def duplicate_key(doc, ctx):
    return doc.recorded("PP111")


@rule("PP112", "frontmatter-not-first", "warning",
      summary="Frontmatter starts after a comment or heading instead of on line 1.",
      what="""
         A `---` block that follows only blank lines, HTML comments or headings is still read as
         frontmatter, and reported, because most tools only look at the first line.
      """,
      why="Other tools (and the workflow's own scripts) will not see this frontmatter at all.",
      bad="""
         <!-- generated -->
         ---
         phase: "01"
         plan: "01"
         ---
      """,
      at=(2, 1),
      good="""
         ---
         phase: "01"
         plan: "01"
         ---
         <!-- generated -->
      """)
def frontmatter_not_first(doc, ctx):
    return doc.recorded("PP112")


@rule("PP113", "unterminated-frontmatter", "error",
      summary="The frontmatter's opening --- has no closing ---.",
      what="Reports an opening `---` (or `+++`) on line 1 that is never closed.",
      why="Without the closing line, nothing in the file is read as frontmatter or as body.",
      bad="""
         ---
         phase: "01"
         # Plan
      """,
      at=(1, 1),
      good="""
         ---
         phase: "01"
         ---
         # Plan
      """)
def unterminated_frontmatter(doc, ctx):
    return doc.recorded("PP113")


@rule("PP114", "undelimited-frontmatter", "warning",
      summary="`key: value` lines at the top of the file without --- delimiters.",
      what="Two or more `key: value` lines open the file but no `---` lines surround them.",
      why="They look like frontmatter to a person but no tool reads them as such.",
      bad="""
         status: passed
         phase: 13

         # Verification
      """,
      at=(1, 1),
      good="""
         ---
         status: passed
         phase: 13
         ---
         # Verification
      """,
      example_path="13-VERIFICATION.md")
def undelimited_frontmatter(doc, ctx):
    return doc.recorded("PP114")


@rule("PP115", "frontmatter-not-mapping", "error",
      summary="The frontmatter is a list or a single value, not key: value pairs.",
      what="Reports frontmatter whose top level is not a mapping.",
      why="Every planning format expects named keys; a list or scalar carries none of them.",
      bad="""
         ---
         - phase 01
         - plan 02
         ---
      """,
      at=(2, 1),
      good="""
         ---
         phase: "01"
         plan: "02"
         ---
      """)
def frontmatter_not_mapping(doc, ctx):
    return doc.recorded("PP115")


@rule("PP116", "toml-syntax-error", "error",
      summary="The +++ TOML frontmatter is not valid TOML.",
      what="Reports the TOML error at its line and column in the file.",
      why="Like broken YAML, broken TOML frontmatter hides every key from every tool.",
      bad="""
         +++
         phase = 01 02
         +++
      """,
      at=(2, 10),
      good="""
         +++
         phase = "01"
         +++
      """)
def toml_syntax_error(doc, ctx):
    return doc.recorded("PP116")


@rule("PP117", "frontmatter-too-complex", "error",
      summary="Frontmatter expands to too many values or nests too deeply (alias bombs).",
      what="""
         Frontmatter that would expand to more than 100,000 values through YAML aliases, or that
         nests more than 200 levels deep, is reported and not loaded.
      """,
      why="A 'billion laughs' document can exhaust memory and time in CI; real plans never need it.",
      bad="""
         ---
         a: &a [x, x, x, x, x, x, x, x, x, x]
         b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
         c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
         d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
         e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
         f: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
         ---
      """,
      at=(2, 1),
      good="""
         ---
         a: &a [x, y]
         b: *a
         ---
      """)
def frontmatter_too_complex(doc, ctx):
    return doc.recorded("PP117")
