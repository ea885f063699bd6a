"""PP309-PP311: a PLAN's `must_haves`: verifiable, truths that are sentences, key links to files."""

from __future__ import annotations

from typing import Iterator

from planproof.findings import Violation
from planproof.planning import files
from planproof.planning.tasks import as_list, must_haves
from planproof.rules import rule
from planproof.rules.plan_examples import linked_example, plan_example


@rule("PP309", "must-haves-unverifiable", "warning",
      summary="must_haves give verification nothing to check: no artifact path, no key link.",
      what="""
        A PLAN's `must_haves` with no artifact that has a `path` and no `key_links` (truths
        only, empty lists, or bare strings) leaves file-level verification nothing to do.
      """,
      why="""
        An empty check must never read as a pass: "all artifacts verified (0 of 0)" is how a
        plan with nothing to verify looked finished in the reference tool.
      """,
      bad="""
        ---
        phase: "01"
        plan: "01"
        type: execute
        wave: 1
        depends_on: []
        files_modified: [src/app.py]
        autonomous: true
        must_haves:
          truths: ["The app starts"]
          artifacts: []
          key_links: []
        ---
      """,
      at=(9, 1),
      good=plan_example())
def must_haves_unverifiable(doc, ctx) -> Iterator[Violation]:
    must = must_haves(doc)
    if must is None:
        return
    paths = [a for a in as_list(must.get("artifacts")) if isinstance(a, dict) and a.get("path")]
    links = [k for k in as_list(must.get("key_links")) if isinstance(k, dict)]
    if not paths and not links:
        yield Violation("must_haves name no artifact with a path and no key link: verification "
                        "has no file to check", doc.frontmatter.span("must_haves", value=False),
                        hint="add artifacts with a path (and what they contain), or key_links",
                        evidence={"artifacts": len(as_list(must.get("artifacts"))),
                                  "key_links": len(as_list(must.get("key_links")))})


@rule("PP310", "truth-is-mapping", "error",
      summary="A must-have truth became a mapping because of an unquoted ': '.",
      what="""
        `- Users can log in: with email` is read by YAML as a mapping
        `{"Users can log in": "with email"}`, not as a sentence. Reported with the quoted form.
      """,
      why="Tools expecting a sentence skip or misread the truth; it is never verified.",
      bad="""
        ---
        phase: "01"
        plan: "01"
        type: execute
        wave: 1
        depends_on: []
        files_modified: [src/app.py]
        autonomous: true
        must_haves:
          truths:
            - Users can log in: with email and password
          artifacts:
            - path: src/app.py
        ---
      """,
      at=(11, 7),
      good="""
        ---
        phase: "01"
        plan: "01"
        type: execute
        wave: 1
        depends_on: []
        files_modified: [src/app.py]
        autonomous: true
        must_haves:
          truths:
            - "Users can log in: with email and password"
          artifacts:
            - path: src/app.py
        ---
      """)
def truth_is_mapping(doc, ctx) -> Iterator[Violation]:
    from planproof.yaml_fixes import quote_truth_fix

    must = must_haves(doc)
    for index, truth in enumerate(as_list(must.get("truths")) if must else []):
        if isinstance(truth, dict) and len(truth) == 1:
            key, value = next(iter(truth.items()))
            sentence = f"{key}: {value}" if value is not None else f"{key}:"
            quoted = '"' + sentence.replace("\\", "\\\\").replace('"', '\\"') + '"'
            yield Violation(f"truth {index + 1} was read as a mapping, not a sentence, because of "
                            "the unquoted ': '", doc.frontmatter.span(f"must_haves.truths[{index}]"),
                            hint=f"quote the whole truth: - {quoted}",
                            evidence={"truth": index, "read_as": {str(key): str(value)}},
                            fix=quote_truth_fix(doc, index))


@rule("PP311", "key-link-unverifiable", "info",
      summary="A key link's from/to is neither a path nor an artifact's file name.",
      what="""
        `from` and `to` of a `key_links` entry are looked up as files. A value that is neither a
        path (`src/app.py`, `pytest.ini`) nor the file name of one of the plan's artifacts
        (`COVERAGE_GUIDE.md`) - prose such as `Codecov or Coveralls` - cannot be verified.
      """,
      why="Users should know which links planproof verify can check and which it cannot.",
      bad=linked_example("the database"),
      at=(16, 11),
      good=linked_example("src/db.py", source="app.py"), default=False)
def key_link_unverifiable(doc, ctx) -> Iterator[Violation]:
    must = must_haves(doc)
    if must is None:
        return
    names = {str(a.get("path", "")).rstrip("/").rsplit("/", 1)[-1]
             for a in as_list(must.get("artifacts")) if isinstance(a, dict) and a.get("path")}
    for index, link in enumerate(as_list(must.get("key_links"))):
        if not isinstance(link, dict):
            continue
        for end in ("from", "to"):
            value = link.get(end)
            if not isinstance(value, str) or not value.strip():
                continue
            text = files.clean_path(value).split("::")[0]  # `a.py (plan 2)`, `a.py::func`
            if files.looks_like_path(text) or text in names:
                continue
            yield Violation(f"key link {index + 1} {end} '{value}' is neither a path nor an "
                            "artifact's file name; it cannot be verified",
                            doc.frontmatter.span(f"must_haves.key_links[{index}].{end}"),
                            hint="name the file the link starts or ends in",
                            evidence={"link": index, "end": end, "value": value})
