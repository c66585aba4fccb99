"""Caches of catalogue listings, aggregates and page fragments, keyed by the catalogue revision.

Listing orders, facet counts and statistics are the expensive part of a storefront
page; they change only when the catalogue does. Each entry is keyed by the
revision counter (one primary-key read per request) and today's date, so writes in
any worker and the midnight expiry of a certificate both invalidate it.

Two levels: ``cached`` keeps Python objects in each worker's memory; ``shared`` keeps
rendered HTML in memory too (up to PAGE_CACHE_MEMORY_BYTES a worker), backed by one
on-disk cache per host (diskcache, SQLite under PAGE_CACHE_DIR) that every worker of the
host reads, so a product page rendered by one worker is not rendered again by the others.
"""
from __future__ import annotations

import logging
import os
import sqlite3
import sys
import threading
import time
from collections import OrderedDict
from typing import Callable, Hashable, TypeVar

import diskcache
from flask import current_app, g, has_app_context
from sqlalchemy import update

from ..clock import today
from ..extensions import db
from ..i18n import current_language
from .models import CatalogRevision

T = TypeVar("T")
log = logging.getLogger(__name__)
MAX_ENTRIES = 4096

_lock = threading.Lock()
# key -> (expiry on the monotonic clock, value, bytes of HTML it holds)
_entries: OrderedDict[Hashable, tuple[float, object, int]] = OrderedDict()
_bytes = 0


def current_revision() -> int:
    """The catalogue revision, read once per request.

    Plain SQL: every storefront request pays this read, and the ORM's select machinery
    costs several times the read itself."""
    if "catalog_revision" not in g:
        g.catalog_revision = db.session.connection().exec_driver_sql(
            "SELECT revision FROM catalog_revision").scalar() or 0
    return g.catalog_revision


def note_revision(revision: int | None) -> None:
    """The revision as a statement of this request read it along with its own data; the
    first reading of the request stands."""
    if "catalog_revision" not in g:
        g.catalog_revision = revision or 0


def bump_revision() -> None:
    """Mark the catalogue changed; call inside the transaction that changes it."""
    result = db.session.execute(
        update(CatalogRevision).values(revision=CatalogRevision.revision + 1)
    )
    if result.rowcount == 0:
        db.session.add(CatalogRevision(id=1, revision=1))
    g.pop("catalog_revision", None)


def cached(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()`` once per (key, revision, day) for CATALOG_CACHE_SECONDS at most."""
    ttl = current_app.config["CATALOG_CACHE_SECONDS"]
    if ttl <= 0:
        return compute()
    full_key = (key, current_revision(), today(), current_language())
    now = time.monotonic()
    with _lock:
        hit = _entries.get(full_key)
        if hit and hit[0] > now:
            _entries.move_to_end(full_key)
            return hit[1]  # type: ignore[return-value]
    value = compute()
    _remember(full_key, now + ttl, value)
    return value


def _remember(key: Hashable, expires: float, value: object) -> None:
    """Keep ``value``, dropping the least recently used entries past MAX_ENTRIES or past
    PAGE_CACHE_MEMORY_BYTES of HTML (whole pages are tens of kilobytes each)."""
    global _bytes
    budget = current_app.config["PAGE_CACHE_MEMORY_BYTES"]
    size = sys.getsizeof(value) if isinstance(value, str) else 0
    if size > budget:
        return  # it would push out everything else
    with _lock:
        old = _entries.pop(key, None)
        _bytes += size - (old[2] if old else 0)
        _entries[key] = (expires, value, size)
        while _entries and (len(_entries) > MAX_ENTRIES or _bytes > budget):
            _bytes -= _entries.popitem(last=False)[1][2]


def shared(key: Hashable, render: Callable[[], str]) -> str:
    """``render()`` once per (key, revision, day, language) on this host: this worker's
    memory first, then the host's disk cache, which every worker fills and reads. A disk
    cache that cannot answer (full disk, a lock held too long) only costs a render."""
    ttl = current_app.config["CATALOG_CACHE_SECONDS"]
    if ttl <= 0:
        return render()

    def from_disk() -> str:
        disk_key = repr((key, current_revision(), today(), current_language()))
        try:
            html = _disk().get(disk_key)
        except (diskcache.Timeout, sqlite3.Error, OSError):
            log.warning("page cache unreadable; rendering %r", key, exc_info=True)
            return render()
        if html is None:
            html = str(render())
            try:
                _disk().set(disk_key, html, expire=ttl)
            except (diskcache.Timeout, sqlite3.Error, OSError):
                log.warning("page cache unwritable; kept %r in memory only", key,
                            exc_info=True)
        return html

    return cached(("shared", key), from_disk)


_disks: dict[tuple[int, str], diskcache.Cache] = {}


def _disk() -> diskcache.Cache:
    """This process's handle on the host's page cache (opened after a fork, never shared)."""
    directory = current_app.config["PAGE_CACHE_DIR"]
    handle = _disks.get((os.getpid(), directory))
    if handle is None:
        handle = _disks[(os.getpid(), directory)] = diskcache.Cache(
            directory, size_limit=current_app.config["PAGE_CACHE_MAX_BYTES"])
    return handle


def clear(*, disk: bool = True) -> None:
    """Empty this worker's memory and, inside an app unless ``disk`` is False, the host's
    page cache."""
    global _bytes
    with _lock:
        _entries.clear()
        _bytes = 0
    if disk and has_app_context():
        _disk().clear()


class Deferred:
    """A page's values, each computed on first use only.

    A page whose shared parts are cached as fragments passes its data this way: on a
    warm request the fragments come from the cache, nothing reads the data, and none of
    its queries run.
    """

    def __init__(self, **loaders: Callable[[], object]) -> None:
        self.__dict__["_loaders"] = loaders

    def __getattr__(self, name: str):
        try:
            loader = self._loaders[name]
        except KeyError:
            raise AttributeError(name) from None
        value = self.__dict__[name] = loader()
        return value
