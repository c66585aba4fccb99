"""The embedded backend: a Whoosh index under ``instance/``, shared by the workers of one host.

Each process keeps the index open and, before every query, checks two cheap
things: is the symlink still pointing at the version it has open (a reindex
swaps it), and is the newest generation the one it reads (another worker
committed). Only what changed is reloaded (see ``whoosh_engine``).

An index that is missing or unreadable never turns into a 500: a small
catalogue is rebuilt on the spot; a large one is rebuilt in a background thread
while queries raise SearchUnavailable, which the pages turn into a message.
"""
from __future__ import annotations

import logging
import os
import pickle
import secrets
import shutil
import struct
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping, TypeVar

from flask import Flask, current_app
from sqlalchemy import func, select
from whoosh import index as whoosh_index
from whoosh.codec.base import Segment
from whoosh.reading import CorruptIndexError, IndexReader, ReaderClosed

from ..catalog.filters import ProductFilters
from ..catalog.models import Product
from ..clock import today
from ..extensions import db
from .base import SearchResult, SearchUnavailable, Suggestion
from .documents import SearchDocument, iter_documents, load_documents
from .whoosh_engine import SegmentCache, Snapshot
from .whoosh_query import run, suggest
from .whoosh_schema import document_fields
from .whoosh_store import IndexBusy, IndexFiles

log = logging.getLogger(__name__)
T = TypeVar("T")


def _segment_id(cls, size: int = 16) -> str:
    return secrets.token_hex(size // 2)


# Whoosh names new segments from the global ``random`` module. Anything that seeds it
# (Hypothesis does, per example) makes a writer pick a name whose files already exist,
# and the commit fails; names from the OS's randomness cannot repeat that way.
Segment._random_id = classmethod(_segment_id)

INLINE_REBUILD_MAX = 5000  # products: rebuilt during the request that found the index gone
WRITE_TIMEOUT = 10.0  # seconds a writer waits for its turn before journaling its ids
BUILD_MEMORY_MB = 1024  # posting pool of one segment; past it Whoosh spills to slow sorted runs
BUILD_SEGMENT_DOCS = 50_000
PARALLEL_BUILD_MIN = 20_000  # below this many products forking workers costs more than it saves
# What a truncated or garbled index raises from inside Whoosh while it is read.
READ_ERRORS = (whoosh_index.IndexError, CorruptIndexError, OSError, EOFError, struct.error,
               zlib.error, pickle.UnpicklingError)
# Opening parses the table of contents and unpickles the schema: anything can come out.
OPEN_ERRORS = READ_ERRORS + (ImportError, AttributeError, KeyError, ValueError, TypeError,
                             IndexError)


class IndexMissing(Exception):
    """No index directory is live yet."""


class IndexBroken(Exception):
    """The live index exists but cannot be opened."""


@dataclass
class _Open:
    pid: int
    version: Path
    index: whoosh_index.Index
    snapshot: Snapshot


class WhooshBackend:
    """SearchBackend over a Whoosh index directory (one per host)."""

    def __init__(self, index_dir: str, write_timeout: float = WRITE_TIMEOUT) -> None:
        self.files = IndexFiles(index_dir)
        self.write_timeout = write_timeout
        self._lock = threading.RLock()
        self._cache = SegmentCache()
        self._open: _Open | None = None
        self._background: threading.Thread | None = None

    # Reading --------------------------------------------------------------------

    def search(self, filters: ProductFilters, with_facets: bool) -> SearchResult:
        """One page for the filters, from the newest snapshot (see whoosh_query.run)."""
        day = today().toordinal()
        return self._read(lambda snap: run(snap, filters, day, with_facets))

    def suggest(self, text: str, limit: int) -> list[Suggestion]:
        """Autocomplete from the newest snapshot (see whoosh_query.suggest)."""
        return self._read(lambda snap: suggest(snap, text, limit))

    def _read(self, answer: Callable[[Snapshot], T]) -> T:
        """Run ``answer`` on a fresh snapshot; recover once from a swap or a broken index."""
        for _ in range(2):
            try:
                return answer(self.snapshot())
            except ReaderClosed:
                continue  # another thread refreshed under us: take the new snapshot
            except IndexMissing:
                self._recover("missing")
            except (IndexBroken, *READ_ERRORS) as error:
                log.exception("search index unreadable")
                self._forget()
                self._recover(f"unreadable ({type(error).__name__})")
        raise SearchUnavailable("search index unavailable")

    def snapshot(self) -> Snapshot:
        """The snapshot of the newest committed generation, refreshed if needed."""
        if self.files.has_pending():
            self._drain_pending()
        with self._lock:
            version = self.files.current()
            if version is None:
                raise IndexMissing
            state = self._open
            try:
                if state is None or state.pid != os.getpid() or state.version != version:
                    index = self.files.open(version)
                    fresh = _Open(os.getpid(), version, index, self._snap(index.reader(), version))
                    if state is not None and state.pid == fresh.pid:
                        state.snapshot.reader.close()  # the version a reindex replaced
                    self._open = state = fresh
                elif state.index.latest_generation() != state.snapshot.generation:
                    # A fresh reader, not reader(reuse=...): Whoosh would reuse a segment's
                    # reader by segment id and miss documents deleted from it since.
                    # What is slow to load is cached by segment in self._cache anyway.
                    old = state.snapshot.reader
                    state.snapshot = self._snap(state.index.reader(), version)
                    old.close()
            except OPEN_ERRORS as error:
                raise IndexBroken(str(error)) from error
            return state.snapshot

    def _snap(self, reader: IndexReader, version: Path) -> Snapshot:
        return Snapshot(reader, version.name, self._cache, self._lock)

    def _forget(self) -> None:
        with self._lock:
            self._open = None
            self._cache.clear()

    def _recover(self, why: str) -> None:
        """Rebuild now if the catalogue is small, else in the background (and say unavailable)."""
        listed = db.session.scalar(select(func.count(Product.id))) or 0
        if listed <= INLINE_REBUILD_MAX:
            log.warning("search index %s: rebuilding %d products now", why, listed)
            self.rebuild()
            return
        self._rebuild_in_background(current_app._get_current_object())  # type: ignore[attr-defined]
        raise SearchUnavailable("search index is being rebuilt")

    def _rebuild_in_background(self, app: Flask) -> None:
        with self._lock:
            if self._background and self._background.is_alive():
                return
            log.warning("search index unusable: rebuilding in the background")
            self._background = threading.Thread(target=self._background_rebuild, args=(app,),
                                                name="search-rebuild", daemon=True)
            self._background.start()

    def _background_rebuild(self, app: Flask) -> None:
        with app.app_context():
            try:
                self.rebuild()
            except Exception:  # a thread has no caller to report to: log it
                log.exception("background search rebuild failed")
            finally:
                db.session.remove()

    # Writing --------------------------------------------------------------------

    def apply(self, changes: Mapping[int, SearchDocument | None]) -> None:
        """Upsert or remove documents in one commit.

        If the lock times out, or there is no readable index to write to (a
        fresh install, a broken directory), the ids are journaled instead: the
        next writer, or the rebuild that the next query starts, applies them.
        Writing into a new empty index here would hide the rest of the catalogue.
        """
        if not changes:
            return
        try:
            with self.files.write_lock(self.write_timeout):
                changes = {**self._pending_changes(), **changes}
                self._write(self._live_index(), changes)
                self.files.append_rebuild(changes)
        except (IndexBusy, IndexMissing, IndexBroken) as error:
            log.warning("search index not written (%s): %d change(s) journaled",
                        type(error).__name__, len(changes))
            self.files.append_pending(changes)

    def _pending_changes(self) -> dict[int, SearchDocument | None]:
        """Ids other writers could not apply, read back from the database (lock held).

        On a connection of its own, like the service's own reads: ``apply`` runs in the
        session's after_commit hook, where the session may not emit SQL.
        """
        ids = self.files.take_pending()
        if not ids:
            return {}
        with db.engine.connect() as connection:
            found = load_documents(ids, connection)
        return {i: found.get(i) for i in ids}

    def _drain_pending(self) -> None:
        if self.files.current() is None:
            return  # the rebuild that recovers the index takes the journal
        try:
            with self.files.write_lock(0):
                changes = self._pending_changes()
                if changes:
                    self._write(self._live_index(), changes)
                    self.files.append_rebuild(changes)
        except (IndexBusy, IndexBroken):
            pass  # a writer holds the lock and drains the journal itself / the reader recovers

    def _live_index(self) -> whoosh_index.Index:
        version = self.files.current()
        if version is None:
            raise IndexMissing
        try:
            return self.files.open(version)
        except OPEN_ERRORS as error:
            raise IndexBroken(str(error)) from error

    @staticmethod
    def _write(index: whoosh_index.Index, changes: Mapping[int, SearchDocument | None]) -> None:
        writer = index.writer(limitmb=BUILD_MEMORY_MB)
        try:
            for product_id, doc in changes.items():
                if doc is None:
                    writer.delete_by_term("pid", str(product_id))
                else:
                    writer.update_document(**document_fields(doc))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    # Rebuilding -------------------------------------------------------------------

    def rebuild(self, procs: int | None = None) -> int:
        """Build a new version from the database, replay what changed meanwhile, swap it in.

        ``procs``: indexing processes (default: 2 for a large catalogue when this
        process has no other threads, since forking a threaded process is unsafe).
        """
        procs = procs or _default_procs()
        with self.files.rebuild_lock() as mine:
            if not mine:
                raise SearchUnavailable("a search reindex is already running")
            try:
                return self._rebuild(procs)
            except IndexBusy as error:
                raise SearchUnavailable(str(error)) from error
            finally:
                self.files.prune()

    def _rebuild(self, procs: int) -> int:
        """Build beside the live version while writers journal their ids, then swap."""
        with self.files.write_lock(self.write_timeout):
            self.files.start_rebuild_journal()
        version = None
        try:
            version = self.files.new_version()
            count = self._build(self.files.open(version), procs)
            with self.files.write_lock(self.write_timeout):
                replay = self.files.finish_rebuild_journal() | self.files.take_pending()
                if replay:
                    found = load_documents(replay)
                    self._write(self.files.open(version), {i: found.get(i) for i in replay})
                self.files.swap(version)
        except BaseException:
            self.files.finish_rebuild_journal()
            if version is not None and version != self.files.current():
                shutil.rmtree(version, ignore_errors=True)
            raise
        return count

    @staticmethod
    def _build(index: whoosh_index.Index, procs: int) -> int:
        """Write every listed product, one commit per BUILD_SEGMENT_DOCS.

        Bounded commits keep each in-memory posting pool (the build's memory)
        bounded; their segments are not merged here, since queries read a few
        segments as cheaply as one. With ``procs`` > 1, Whoosh's multiprocess
        writer indexes in forked workers while this process reads the database.
        """
        count = 0
        writer = None
        try:
            for batch in iter_documents():
                writer = writer or _build_writer(index, procs)
                for doc in batch:
                    writer.add_document(**document_fields(doc))
                count += len(batch)
                if count % BUILD_SEGMENT_DOCS < len(batch):
                    writer.commit(merge=False)
                    writer = None
            if writer is not None:
                writer.commit(merge=False)
        except BaseException:
            if writer is not None:
                writer.cancel()
            raise
        return count

    def health(self) -> str:
        """Open the live version afresh, not the one this process holds: is it readable now?"""
        version = self.files.current()
        if version is None:
            raise SearchUnavailable("no search index (flask search reindex builds it)")
        try:
            with self.files.open(version).reader() as reader:
                return f"whoosh: {reader.doc_count()} documents"
        except OPEN_ERRORS as error:
            raise SearchUnavailable(f"search index unreadable ({type(error).__name__})") from error

    def clear(self) -> None:
        """Swap in an empty version (and forget journaled ids)."""
        with self.files.write_lock(self.write_timeout):
            self.files.take_pending()
            self.files.create_live()
        self.files.prune()


def _default_procs() -> int:
    if threading.active_count() > 1 or (os.cpu_count() or 1) < 2:
        return 1
    listed = db.session.scalar(select(func.count(Product.id))) or 0
    return 2 if listed >= PARALLEL_BUILD_MIN else 1


def _build_writer(index: whoosh_index.Index, procs: int):
    if procs > 1:
        return index.writer(procs=procs, multisegment=True, limitmb=BUILD_MEMORY_MB,
                            start_method="fork")
    return index.writer(limitmb=BUILD_MEMORY_MB)
