"""Where the Whoosh index lives on disk, and how processes take turns writing it.

Layout, for ``SEARCH_INDEX_DIR=instance/search-index``::

    instance/search-index        symlink to the version in use
    instance/search-index.d/     one directory per built version
    instance/search-index.lock   writers take an exclusive flock on it, in turn
    instance/search-index.pending    ids a writer could not apply (lock timed out)
    instance/search-index.rebuild    ids written while a rebuild runs (replayed into it)

Writers (gunicorn workers, CLI commands) serialise on one flock with retries,
so the index is never written by two processes at once and a crashed process
releases its turn. ``reindex`` builds a new version beside the live one and swaps
the symlink with one atomic ``rename``: readers see either the old or the new
index, never a half-built one.
"""
from __future__ import annotations

import errno
import fcntl
import logging
import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from .whoosh_schema import make_schema

log = logging.getLogger(__name__)

INDEX_NAME = "products"
KEEP_VERSIONS = 2  # the live one and the one before (a slow reader may still hold it)


class IndexBusy(Exception):
    """Another process kept the write lock past the timeout."""


class IndexFiles:
    """The paths of one configured index and the operations on them."""

    def __init__(self, link: str | os.PathLike) -> None:
        self.link = Path(link)
        self.versions = self.link.with_name(self.link.name + ".d")
        self.lock_path = self.link.with_name(self.link.name + ".lock")
        self.pending_path = self.link.with_name(self.link.name + ".pending")
        self.rebuild_path = self.link.with_name(self.link.name + ".rebuild")
        self.rebuild_lock_path = self.link.with_name(self.link.name + ".rebuild.lock")

    # Versions -----------------------------------------------------------------

    def current(self) -> Path | None:
        """The directory of the live version, or None when there is no index."""
        try:
            target = self.link.resolve(strict=True)
        except (FileNotFoundError, RuntimeError):
            return None
        return target if target.is_dir() else None

    def new_version(self) -> Path:
        """An empty index in a fresh version directory (not live until ``swap``)."""
        self.versions.mkdir(parents=True, exist_ok=True)
        path = self.versions / f"v{time.time_ns()}-{os.getpid()}"
        path.mkdir()
        whoosh_index.create_in(str(path), make_schema(), indexname=INDEX_NAME)
        return path

    def swap(self, version: Path) -> None:
        """Make ``version`` live in one atomic rename of a symlink."""
        if self.link.is_dir() and not self.link.is_symlink():
            # An index left as a plain directory (older layout, or made by hand):
            # move it among the versions once, then the link can replace it.
            self.versions.mkdir(parents=True, exist_ok=True)
            self.link.rename(self.versions / f"v0-legacy-{time.time_ns()}")
        temporary = self.link.with_name(f".{self.link.name}.{os.getpid()}.tmp")
        temporary.unlink(missing_ok=True)
        os.symlink(os.path.relpath(version, self.link.parent), temporary)
        os.replace(temporary, self.link)

    def prune(self) -> None:
        """Delete versions other than the live one and the newest before it."""
        if not self.versions.is_dir():
            return
        live = self.current()
        built = sorted((p for p in self.versions.iterdir() if p.is_dir()),
                       key=lambda p: p.stat().st_mtime, reverse=True)
        keep = {live} | set(built[:KEEP_VERSIONS])
        for path in built:
            if path not in keep:
                shutil.rmtree(path, ignore_errors=True)

    def open(self, path: Path) -> whoosh_index.Index:
        """Open the index in ``path`` (raises when it is missing or unreadable)."""
        return FileStorage(str(path)).open_index(indexname=INDEX_NAME)

    def create_live(self) -> whoosh_index.Index:
        """An empty live index (first start, or an index that was deleted)."""
        version = self.new_version()
        self.swap(version)
        return self.open(version)

    # Locks --------------------------------------------------------------------

    @contextmanager
    def write_lock(self, timeout: float) -> Iterator[None]:
        """Hold the single writer's turn; retries until ``timeout`` then IndexBusy."""
        with _flock(self.lock_path, timeout) as held:
            if not held:
                raise IndexBusy(f"search index busy for {timeout:.1f} s")
            yield

    @contextmanager
    def rebuild_lock(self) -> Iterator[bool]:
        """One rebuild at a time across processes; yields False if one is running."""
        with _flock(self.rebuild_lock_path, 0) as held:
            yield held

    # Journals of ids ------------------------------------------------------------

    def append_pending(self, ids: Iterable[int]) -> None:
        """Remember ids a writer could not apply, for the next one."""
        _append_ids(self.pending_path, ids)

    def take_pending(self) -> set[int]:
        """Ids left by writers that timed out; call with the write lock held."""
        return _take_ids(self.pending_path)

    def has_pending(self) -> bool:
        """Whether journaled ids wait (one stat, checked before every query)."""
        try:
            return self.pending_path.stat().st_size > 0
        except FileNotFoundError:
            return False

    def rebuilding(self) -> bool:
        """Whether a rebuild is collecting the ids written meanwhile."""
        return self.rebuild_path.exists()

    def start_rebuild_journal(self) -> None:
        """From now on writers also note their ids for the rebuild; call with the write lock."""
        self.rebuild_path.write_text("")

    def append_rebuild(self, ids: Iterable[int]) -> None:
        """While a rebuild runs, remember what changed so it can be replayed into it."""
        if self.rebuilding():
            _append_ids(self.rebuild_path, ids)

    def finish_rebuild_journal(self) -> set[int]:
        """The ids written since the rebuild started; stops the journal."""
        ids = _take_ids(self.rebuild_path)
        self.rebuild_path.unlink(missing_ok=True)
        return ids


@contextmanager
def _flock(path: Path, timeout: float) -> Iterator[bool]:
    """An exclusive flock on ``path``, polled with backoff until ``timeout``.

    flock (not a lock file that exists or not) is released by the kernel when
    its process dies, so a crashed worker never leaves the index locked.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline, delay, held = time.monotonic() + timeout, 0.005, False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                held = True
                break
            except OSError as error:
                if error.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
            if time.monotonic() >= deadline:
                break
            time.sleep(min(delay, max(deadline - time.monotonic(), 0)))
            delay = min(delay * 2, 0.2)
        yield held
    finally:
        os.close(fd)  # closing releases the lock


def _append_ids(path: Path, ids: Iterable[int]) -> None:
    line = " ".join(str(int(i)) for i in ids)
    if not line:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # held for one write: never interleaves with a take
        os.write(fd, (line + "\n").encode())
    finally:
        os.close(fd)


def _take_ids(path: Path) -> set[int]:
    """Read and empty a journal in one locked step."""
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return set()
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with os.fdopen(os.dup(fd), "r") as handle:
            ids = {int(token) for token in handle.read().split() if token.isdigit()}
        os.ftruncate(fd, 0)
    finally:
        os.close(fd)
    return ids
