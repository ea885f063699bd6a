"""PP5xx: claims a planning document makes about the repository, checked against the working tree
and git (verify only). Files are read through `ctx.evidence` only, and nothing written in a
document is ever executed: `<verify>` commands and human checks are listed (PP550).

One pass judges every claim of a document (`document_pass`), at the commit that recorded the
document (`when_written`); each rule reports its own code from that pass. The modules:

- finding claims and paths in the text: `pathtext`;
- judging them: `artifacts` (PP501-PP505), `key_links` (PP510-PP513), `listed_files`
  (PP520-PP522), `counts` (PP540-PP541), `manual_checks` (PP550), `commits` (PP530-PP531, one
  question to git for the whole run), with `locating` (where a written path leads, PP506-PP507);
- turning a judgement into a finding: `verdicts`; claims that held when written and changed
  since: `drift_findings` (PP532);
- the rules themselves: `artifact_rules`, `link_rules`, `file_rules`, `prose_rules`, `commits`,
  each reporting its share of the pass (`rule_findings`).
"""
