"""Password hashing: argon2id (argon2-cffi), parameters from the app config.

Why argon2id: it is the first choice of RFC 9106 and OWASP, memory-hard (a GPU farm
pays for every guess in RAM, not only in time), and argon2-cffi tells us when a stored
hash was made with older parameters so we can rehash it at the next login. Werkzeug's
scrypt would also do; argon2 wins on tunability and the standard PHC string format.
"""
from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app


@lru_cache(maxsize=4)
def _hasher(time_cost: int, memory_kib: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism)


def _params() -> tuple[int, int, int]:
    config = current_app.config
    return (config["PASSWORD_HASH_TIME_COST"], config["PASSWORD_HASH_MEMORY_KIB"],
            config["PASSWORD_HASH_PARALLELISM"])


def hasher() -> PasswordHasher:
    return _hasher(*_params())


def hash_password(password: str) -> str:
    """The PHC string (``$argon2id$v=19$m=...``) for ``password``."""
    return hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches; a malformed stored hash is a mismatch, not a crash."""
    try:
        return hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with other parameters than the configured ones."""
    try:
        return hasher().check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


def burn_time(password: str) -> None:
    """Spend one verification's worth of time, so an unknown e-mail answers as slowly
    as a wrong password (no account discovery by timing)."""
    verify_password(_dummy_hash(*_params()), password)


@lru_cache(maxsize=4)
def _dummy_hash(time_cost: int, memory_kib: int, parallelism: int) -> str:
    return _hasher(time_cost, memory_kib, parallelism).hash("not a password of anyone")
