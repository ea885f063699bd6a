"""The claims engine: every number a planning document states, typed, positioned, checkable.

Internal to planproof (the public API is `planproof`'s `__all__`; `planproof claims FILE...`
prints what this package reads). This docstring is the package's map:

- `planproof.claims.extract.extract_claims(doc) -> list[Claim]`: every claim of a `Document`, in
  document order, from frontmatter string values (positions from `doc.frontmatter.positions`) and
  from the body's prose blocks (`doc.body.prose()`: headings, paragraphs, list items, table cells;
  never fenced code, and inline code is blanked out before matching). Kept on `doc.memo`.
- `planproof.claims.verdict.verdict(claim) -> Verdict`: the arithmetic of one claim on its own
  (status "consistent" | "inconsistent" | "explainable" | "unchecked", message, evidence).

Document-level helpers (used by PP404-PP406 and by sign-off):
- `planproof.claims.recovered_frontmatter.frontmatter_of(doc)`: the frontmatter, recovered around
  YAML syntax errors (offending lines blanked, listed in `.skipped`); `.data` is always a dict.
- `planproof.claims.verification_report`: `gaps(doc)` / `open_gaps(doc)` (frontmatter gaps with
  their status and span; open = failed or partial), `truth_tables(doc)` (counts of VERIFIED /
  FAILED / PARTIAL / other rows), `scores(doc)` (frontmatter score, body Score: claims),
  `normalise_status(value)`.
- `planproof.claims.report_contradictions`: the checks themselves, each yielding (span, Verdict):
  `score_vs_statuses(doc)`, `status_vs_content(doc)` (with a severity), `frontmatter_vs_body(doc)`.
- `planproof.claims.checkable.claims_for_checks(doc)`: the lint fast path (the body is parsed
  only when a line of it could hold a claim the PP4xx rules judge).

Where the engine lives: `extract` (document -> claims), `frontmatter_claims`, `body_claims`,
`table_claims`, `list_claims` (the readers), `scanner` with `scan_scores`, `scan_changes`,
`scan_ratios`, `scan_arithmetic` (one text -> found claims), `claim_context` (position and
context), `text_patterns` and `numbers` (printed numbers), `body_lines` (the body as lines
and pipe tables, without the markdown parser), `verdict` (the arithmetic of one claim),
`progress_bars` (PP408), `relations` with `relation` and `relations_*` (claims read together).

Claim types (`planproof.claims.model`), all subclasses of `Claim`:

| class | kind | values |
|---|---|---|
| PercentClaim | percent | `value: Num` |
| FractionClaim | fraction | `numerator, denominator: Num` |
| FractionPercentClaim | fraction_percent | `numerator, denominator, percent: Num`, `order` |
| ChangeClaim | change | `before, after: Num or Range`, `delta: Num or None`, `delta_unit` ("points", "percent", "") |
| ScoreClaim | score | `achieved, total: Num`, `noun`, `percent: Num or None`, `breakdown` {"failed": 1, ...} |
| RangeClaim | range | `range: Range` |
| ArithmeticClaim | arithmetic | `operands: [Num]`, `operators: ["×", "+", "-"]`, `result: Num`, `units` |
| ProgressionClaim | progression | `label, value, delta, base, base_label, previous` |
| TableRowClaim | table_row | `label, current, target, gap` (Num or Range), `table, row, columns` |
| TargetLinesClaim | target_lines | `covered, total, current_percent, target, needed` (`Target: 50% (+407 lines)` after `Current: 12.6% (169/1163 lines)`) |

`Num`: `value` (float, signed), `text` (as printed), `decimals` (printed precision), `approximate`
(~, ≈, about), `sign` ("+", "-", "±" or ""), `at_least` (trailing "+": `85%+`), `percent`.
`Range`: `low`, `high` (Num), `text`, `percent`.

Shared fields of every claim: `text` (source text), `span` (findings.Span: line, column, end_line,
end_column; 1-based, end column exclusive), `origin` ("frontmatter" or the block kind), `key_path`
(frontmatter key path, e.g. `gaps[1].reason`) or `block` (the body Block), and context for
checkers that compare a claim with real data:
- `subject`: the nearest file path or name (`core/models.py`, `models.py`, `memory/`), or the
  label of the table row; for a frontmatter string, the sibling `path` value if the string names
  no file itself;
- `unit`: the noun the number counts (lines, statements, tests, passing, failing, must-haves,
  truths, files...), or None;
- `keywords`: vocabulary words in the clause (coverage, covered, lines, branch, tests, passing,
  failing, target, overall, total, average, baseline, current, measured...);
- `role`: "before" / "after" (a side of a change; ChangeClaim carries both), "target"
  (`target 85%`, `reaches 50%`, a Target column), "threshold" (`>= 50%`, `50%+`, `<20%`),
  "current" (`Current: 12.6%`, a Current column), "baseline", or None;
- `clause`: the raw source text around the claim (inline code included).
"""
