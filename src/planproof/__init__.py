"""planproof: lint planning documents and prove or refute what they claim.

Library use::

    from planproof import lint_paths
    result = lint_paths([".planning"])
    for finding in result.findings:
        print(finding.path, finding.line, finding.code, finding.message)
"""

from planproof.__about__ import __version__

__all__ = ["__version__", "lint_paths", "check_text"]


def __getattr__(name):  # keep `import planproof` cheap: the engine loads on first use
    if name in ("lint_paths", "check_text"):
        from planproof import engine

        return getattr(engine, name)
    raise AttributeError(name)
