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

import hashlib
import logging
import os
import sqlite3
import sys
import threading
import time
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
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

_MISSING = object()


class _Memory:
    """One worker's least-recently-used entries, each with its expiry on the monotonic
    clock; ``budget_setting`` names the config value bounding the bytes of its strings."""

    def __init__(self, budget_setting: str | None = None) -> None:
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, tuple[float, object, int]] = OrderedDict()
        self._bytes = 0
        self._budget_setting = budget_setting

    def get(self, key: Hashable, now: float) -> object:
        with self._lock:
            hit = self._entries.get(key)
            if hit is None or hit[0] <= now:
                return _MISSING
            self._entries.move_to_end(key)
            return hit[1]

    def put(self, key: Hashable, expires: float, value: object) -> None:
        budget = (current_app.config[self._budget_setting] if self._budget_setting
                  else float("inf"))
        size = sys.getsizeof(value) if isinstance(value, str) else 0
        if size > budget:
            return  # it would push out everything else
        with self._lock:
            old = self._entries.pop(key, None)
            self._bytes += size - (old[2] if old else 0)
            self._entries[key] = (expires, value, size)
            while self._entries and (len(self._entries) > MAX_ENTRIES or self._bytes > budget):
                self._bytes -= self._entries.popitem(last=False)[1][2]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0


_objects = _Memory()  # listings, aggregates, references
_html = _Memory("PAGE_CACHE_MEMORY_BYTES")  # pages and fragments, a few to ~100 kB each


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
    value = _objects.get(full_key, now)
    if value is _MISSING:
        value = compute()
        _objects.put(full_key, now + ttl, value)
    return value  # type: ignore[return-value]


def shared(key: Hashable, render: Callable[[], str]) -> str:
    """``render()`` once per (key, revision, day, language) on this host: this worker's
    memory first, then the host's disk cache, which every worker fills and reads. A disk
    cache that cannot answer (full disk, a lock held too long) only costs a render."""
    ttl = current_app.config["CATALOG_CACHE_SECONDS"]
    if ttl <= 0:
        return render()
    full_key = (key, current_revision(), today(), current_language())
    now = time.monotonic()
    html = _html.get(full_key, now)
    if html is _MISSING:
        html, lifetime = _from_disk(full_key, render, ttl)
        _html.put(full_key, now + lifetime, html)
    return html  # type: ignore[return-value]


def _from_disk(full_key: tuple, render: Callable[[], str], ttl: int) -> tuple[str, float]:
    """The host's copy and the seconds it has left, else ``render()`` stored for ``ttl``.

    The key carries the release, so workers of a new deploy never read pages built from
    the old templates while old workers finish their requests."""
    disk_key = repr((release(), *full_key))
    try:
        html, expires_at = _disk().get(disk_key, expire_time=True)
    except (diskcache.Timeout, sqlite3.Error, OSError):
        log.warning("page cache unreadable; rendering %r", full_key[0], exc_info=True)
        return render(), ttl
    if html is not None:
        return html, max(0.0, expires_at - time.time()) if expires_at else ttl
    html = str(render())
    try:
        _disk().set(disk_key, html, expire=ttl)
    except (diskcache.Timeout, sqlite3.Error, OSError):
        log.warning("page cache unwritable; kept %r in memory only", full_key[0],
                    exc_info=True)
    return html, ttl


@lru_cache(maxsize=1)
def release() -> str:
    """What this process renders with: a digest of the names, sizes and times of the
    code, templates, translations and static files (a deploy changes some of them)."""
    root = Path(__file__).resolve().parents[2]
    digest = hashlib.sha256()
    for folder in ("marketplace", "templates", "translations", "static"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                stat = path.stat()
                digest.update(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns};"
                              .encode())
    return digest.hexdigest()[:16]


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
    _objects.clear()
    _html.clear()
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
