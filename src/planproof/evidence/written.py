"""When was a line of a document written? Blame over the document's own versions.

A document is judged at the commit that last changed it (timeline.py), but an audit or a
VERIFICATION is often edited again later (a section appended), while its older lines still
describe the repository when *they* were written. For the few lines whose claims fail at the
recording commit, this walks the document's earlier versions (the commits the history walk already
found, at most history.MAX_VERSIONS), reading their blobs through the run's BlobStore (one batch
of paths per version, one batch of blobs), and maps each line back version by version with a line
diff, as `git blame` does: a line is dated by the oldest version of the unbroken run of versions
that hold it unchanged.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from .history import History, Recorded
from .repo import MAX_READ
from .snapshot import BlobStore


def earlier_versions(history: History, head_path: str, recorded_sha: str) -> list[Recorded]:
    """The document's versions older than its recording commit, newest first."""
    versions = history.versions.get(head_path, [])
    shas = [v.commit.sha for v in versions]
    return versions[shas.index(recorded_sha) + 1:] if recorded_sha in shas else []


def version_lines(store: BlobStore, versions: list[Recorded]) -> list[list[str] | None]:
    """Each version's lines (None when the blob is missing or too big to read)."""
    infos = []
    for version in versions:
        infos.append(store.info(version.commit.sha, version.path))
    oids = [i[1] for i in infos if i and i[0] == "blob" and i[2] <= MAX_READ]
    store.prefetch_blobs(oids)
    texts: list[list[str] | None] = []
    for info in infos:
        if not info or info[0] != "blob" or info[2] > MAX_READ:
            texts.append(None)
        else:
            texts.append(store.blob(info[1]).decode("utf-8-sig", "replace").split("\n"))
    return texts


def written_at(lines: list[str], wanted: set[int], versions: list[Recorded],
               texts: list[list[str] | None]) -> dict[int, Recorded]:
    """{line number: the oldest earlier version holding it unchanged} for the `wanted` lines
    (1-based) of `lines` (the recording version) that an earlier version already held."""
    tracked = {n: n - 1 for n in wanted if 0 < n <= len(lines)}
    dated: dict[int, Recorded] = {}
    current = lines
    for version, text in zip(versions, texts):
        if text is None or not tracked:
            break
        mapping = _line_map(current, text)
        for number, index in list(tracked.items()):
            if index in mapping:
                tracked[number] = mapping[index]
                dated[number] = version
            else:
                del tracked[number]
        current = text
    return dated


def _line_map(new: list[str], old: list[str]) -> dict[int, int]:
    """Index in `new` -> index in `old` of the lines a diff keeps unchanged."""
    matcher = SequenceMatcher(None, new, old, autojunk=False)
    mapping = {}
    for start_new, start_old, size in matcher.get_matching_blocks():
        for offset in range(size):
            mapping[start_new + offset] = start_old + offset
    return mapping
