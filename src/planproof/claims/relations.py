"""Every relation between the claims of one document, consistent or not: the finders of each
kind of relation run once per document and their results are kept on it.

Precision before recall (see `relation`): the PP41x rules report the inconsistent relations,
`planproof claims` lists them all.
"""

from __future__ import annotations

from planproof.claims.relation import Relation
from planproof.claims.relations_kinds import kind_totals
from planproof.claims.relations_lists import averages, thresholds
from planproof.claims.relations_outcomes import outcome_totals
from planproof.claims.relations_parts import list_parts, table_parts
from planproof.claims.relations_sections import progression_plans, restated_scores, section_sums
from planproof.claims.relations_summaries import summary_vs_table
from planproof.claims.relations_totals import total_rows

FINDERS = (summary_vs_table, total_rows, table_parts, list_parts, outcome_totals, kind_totals,
           averages, thresholds, section_sums, restated_scores, progression_plans)


def relations(doc) -> list[Relation]:
    """Every relation planproof found in `doc`, consistent or not (computed once per document)."""
    return doc.memo.get("claims.relations", lambda: [found for finder in FINDERS
                                                      for found in finder(doc)])
