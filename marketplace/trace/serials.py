"""Stamp serials (số sê-ri tem): 65 random bits in Crockford base32 plus a check character.

A serial is 13 symbols of ``secrets`` randomness (13 × 5 = 65 bits, so guessing a valid
one is hopeless) and a 14th symbol computed with the Luhn mod N algorithm over the same
32-symbol alphabet. The check symbol catches every single mistyped symbol and every swap
of two neighbouring symbols (except the one pair whose values sum to 31), so a typo is
answered "mistyped" without touching the database.

Crockford's alphabet has no I, L, O or U: people read them as 1, 1, 0 and V, so input is
normalised the same way (upper case, separators dropped, I/L → 1, O → 0). Serials are
printed in groups of four (``7KQ2 M9XA 4RTZ B8``) and sit in URLs without separators;
GS1 allows up to 20 characters for AI (21).
"""
from __future__ import annotations

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
N = len(ALPHABET)  # 32
RANDOM_SYMBOLS = 13  # 65 bits
LENGTH = RANDOM_SYMBOLS + 1
VALUE = {symbol: index for index, symbol in enumerate(ALPHABET)}
SEPARATORS = re.compile(r"[\s\-.]+")
ALIASES = str.maketrans({"I": "1", "L": "1", "O": "0"})


def check_symbol(payload: str) -> str:
    """The Luhn mod 32 check symbol of ``payload`` (symbols of ALPHABET)."""
    factor, total = 2, 0
    for symbol in reversed(payload):
        addend = factor * VALUE[symbol]
        factor = 1 if factor == 2 else 2
        total += addend // N + addend % N
    return ALPHABET[(N - total % N) % N]


def generate() -> str:
    """A new serial: 13 random symbols (65 bits) and the check symbol."""
    payload = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_SYMBOLS))
    return payload + check_symbol(payload)


def normalise(text: str) -> str:
    """What a person typed or a URL carried, in canonical form (may still be invalid)."""
    return SEPARATORS.sub("", (text or "").strip()).upper().translate(ALIASES)[:64]


def is_well_formed(serial: str) -> bool:
    """Right length and alphabet (says nothing of the check symbol)."""
    return len(serial) == LENGTH and all(symbol in VALUE for symbol in serial)


def is_valid(serial: str) -> bool:
    """Well formed and the check symbol matches: a serial we may have issued."""
    return is_well_formed(serial) and check_symbol(serial[:-1]) == serial[-1]


def grouped(serial: str) -> str:
    """For print: ``7KQ2 M9XA 4RTZ B8``."""
    return " ".join(serial[i:i + 4] for i in range(0, len(serial), 4))
