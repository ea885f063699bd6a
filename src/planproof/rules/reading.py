"""PP0xx/PP1xx: reading and parsing. The reader records these problems; each rule reports its own."""

from __future__ import annotations

from planproof.rules import rule


def _problems(code: str):
    def check(doc, ctx):
        for problem_code, violation in doc.problems:
            if problem_code == code:
                yield violation

    check.__qualname__ = f"problems_{code}"
    return check


def _internal_error(doc, ctx):
    return ()  # the engine reports PP000 itself when a rule raises


rule("PP000", "internal-error", "error",
     summary="A rule raised an exception; the run continued without it.",
     what="""
        Reported by the engine when a rule fails with an exception on a document. The finding
        names the rule and the file; the other rules still run and the exit code is 2.
     """,
     why="""
        A crash in one check must not hide every other finding, and it must not pass silently
        either: exit code 2 tells CI that the result is incomplete. Run with --debug to see
        the traceback, and report it.
     """,
     bad="(no document triggers this on purpose)",
     good="---\nphase: '01'\n---\n# Any document\n")(_internal_error)

rule("PP101", "invalid-utf8", "warning",
     summary="The file is not valid UTF-8; undecodable bytes were replaced.",
     what="Reports the first byte sequence that is not UTF-8 and reads the rest with U+FFFD.",
     why="""
        Claims next to undecodable bytes may be misread, and other tools will show garbage.
        Planning documents are shared between tools and people: save them as UTF-8.
     """,
     bad="(a file containing the byte 0xFF)",
     good="---\nphase: '01'\n---\n# Plan\n")(_problems("PP101"))

rule("PP102", "binary-content", "error",
     summary="The file contains NUL bytes and was skipped.",
     what="A `.md` file with NUL bytes is treated as binary: it is reported and not checked.",
     why="A binary file named like a planning document is almost always a mistake in the tree.",
     bad="(a file containing a NUL byte)",
     good="---\nphase: '01'\n---\n# Plan\n")(_problems("PP102"))

rule("PP103", "file-too-large", "error",
     summary="The file is larger than --max-file-size and was skipped.",
     what="Files over the size limit (default 2 MiB) are reported and not read.",
     why="""
        Planning documents are a few kilobytes; a multi-megabyte one is generated output or an
        attack on the linter's time. Raise --max-file-size when it is intended.
     """,
     bad="(a 20 MB document)",
     good="---\nphase: '01'\n---\n# Plan\n")(_problems("PP103"))

rule("PP104", "unreadable-file", "error",
     summary="The path is not a readable regular file (FIFO, device, dangling symlink, no permission).",
     what="""
        A `.md` path that is a named pipe, a socket, a device, a directory, a dangling or looping
        symlink, or a file without read permission is reported and not read. Named pipes and
        devices are never opened for reading, so they cannot block or stream without end.
     """,
     why="""
        A repository can contain anything a pull request adds, including a symlink to /dev/zero
        or a named pipe; reading one must not hang CI, and a file that was not checked must not
        pass silently.
     """,
     bad="(a dangling symlink named 01-01-PLAN.md)",
     good="---\nphase: '01'\n---\n# Plan\n")(_problems("PP104"))

rule("PP110", "yaml-syntax-error", "error",
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
     good="""
        ---
        phase: "01"
        objective: "Fix the login bug: sessions expire too early"
        ---
     """)(_problems("PP110"))

rule("PP111", "duplicate-key", "warning",
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
     good="""
        ---
        verified: 2025-02-01
        status: passed
        ---
     """)(_problems("PP111"))

rule("PP112", "frontmatter-not-first", "warning",
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
     good="""
        ---
        phase: "01"
        plan: "01"
        ---
        <!-- generated -->
     """)(_problems("PP112"))

rule("PP113", "unterminated-frontmatter", "error",
     summary="The frontmatter's opening --- has no closing ---.",
     what="Reports an opening `---` (or `+++`) on line 1 that is never closed.",
     why="Without the closing line, nothing in the file is read as frontmatter or as body.",
     bad="""
        ---
        phase: "01"
        # Plan
     """,
     good="""
        ---
        phase: "01"
        ---
        # Plan
     """)(_problems("PP113"))

rule("PP114", "undelimited-frontmatter", "warning",
     summary="`key: value` lines at the top of the file without --- delimiters.",
     what="Two or more `key: value` lines open the file but no `---` lines surround them.",
     why="They look like frontmatter to a person but no tool reads them as such.",
     bad="""
        status: passed
        phase: 13

        # Verification
     """,
     good="""
        ---
        status: passed
        phase: 13
        ---
        # Verification
     """,
     example_path="13-VERIFICATION.md")(_problems("PP114"))

rule("PP115", "frontmatter-not-mapping", "error",
     summary="The frontmatter is a list or a single value, not key: value pairs.",
     what="Reports frontmatter whose top level is not a mapping.",
     why="Every planning format expects named keys; a list or scalar carries none of them.",
     bad="""
        ---
        - phase 01
        - plan 02
        ---
     """,
     good="""
        ---
        phase: "01"
        plan: "02"
        ---
     """)(_problems("PP115"))

rule("PP116", "toml-syntax-error", "error",
     summary="The +++ TOML frontmatter is not valid TOML.",
     what="Reports the TOML error at its line and column in the file.",
     why="Like broken YAML, broken TOML frontmatter hides every key from every tool.",
     bad="""
        +++
        phase = 01 02
        +++
     """,
     good="""
        +++
        phase = "01"
        +++
     """)(_problems("PP116"))

rule("PP117", "frontmatter-too-complex", "error",
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
     good="""
        ---
        a: &a [x, y]
        b: *a
        ---
     """)(_problems("PP117"))
