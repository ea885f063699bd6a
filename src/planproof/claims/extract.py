"""Document -> claims: every claim of a document, frontmatter and body, in document order.

The entry point of the claims engine; the readers live in `frontmatter_claims` and
`body_claims`, the scanners of one text in `scanner` and its `scan_*` modules.
"""

from __future__ import annotations

from planproof.claims.body_claims import body_claims
from planproof.claims.frontmatter_claims import frontmatter_claims
from planproof.claims.model import Claim
from planproof.claims.scanner import MAX_CLAIMS

CLAIMS = "claims"  # the memo key of a document's claims


def in_document_order(claims: list[Claim]) -> list[Claim]:
    claims.sort(key=lambda c: (c.span.line, c.span.column))
    return claims


def extract_claims(doc) -> list[Claim]:
    """Every claim of `doc` in document order, at most MAX_CLAIMS (computed once per document)."""
    return doc.memo.get(CLAIMS, lambda: _extract(doc))


def _extract(doc) -> list[Claim]:
    if doc.skipped:
        return []
    return in_document_order(frontmatter_claims(doc) + body_claims(doc))[:MAX_CLAIMS]


def truncated(doc) -> bool:
    """Whether extract_claims(doc) ran and stopped at MAX_CLAIMS."""
    return len(doc.memo.peek(CLAIMS, ())) >= MAX_CLAIMS
