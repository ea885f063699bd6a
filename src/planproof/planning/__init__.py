"""The GSD planning model, owned once: ids, the tree of phases and plans, ROADMAP, requirements,
the files a PLAN names, `.planning/config.json`, and whether the run read a folder completely.

Rules ask this package; nothing here opens a planning document (the run's documents are the
input) and nothing here reports a finding.
"""
