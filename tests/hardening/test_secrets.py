"""No credentials in the repository: every tracked file is scanned for obvious secrets.

The patterns are the well-known shapes (Stripe secret and webhook keys, PEM private keys,
AWS keys). A value is let through only when it says it is fake (the fake Stripe server's
"sk_test_fake_ocop"): a real key never contains that word.
"""
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PATTERNS = {
    "Stripe secret key": re.compile(r"\b[sr]k_(?:live|test)_[0-9A-Za-z]{20,}"),
    "Stripe webhook secret": re.compile(r"\bwhsec_[0-9A-Za-z+/=]{20,}"),
    "private key": re.compile(r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----"),
    "AWS access key id": re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
    "AWS secret access key": re.compile(
        r"aws_secret_access_key\s*[:=]\s*['\"]?[A-Za-z0-9/+=]{40}", re.IGNORECASE),
}
MAX_BYTES = 2 * 1024 * 1024


def find_secrets(text: str) -> list[tuple[str, str]]:
    """(kind, value) for every match that does not call itself fake."""
    return [(kind, match.group(0)) for kind, pattern in PATTERNS.items()
            for match in pattern.finditer(text) if "fake" not in match.group(0).lower()]


def tracked_files() -> list[Path]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
    return [ROOT / name for name in out.stdout.decode().split("\0") if name]


def test_tracked_files_hold_no_secrets():
    files = tracked_files()
    found = []
    for path in files:
        if not path.is_file() or path.stat().st_size > MAX_BYTES:
            continue
        text = path.read_bytes().decode("utf-8", errors="replace")
        found += [f"{path.relative_to(ROOT)}: {kind}" for kind, _ in find_secrets(text)]

    assert len(files) > 100  # the scan really saw the repository
    assert found == []


# The scanner itself, on values built here at run time (so this file holds none of them).
@pytest.mark.parametrize("kind, value", [
    ("Stripe secret key", "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"),
    ("Stripe secret key", "sk_test_" + "51H8xYzAbCdEfGhIjKlMnOpQr"),
    ("Stripe secret key", "rk_live_" + "51H8xYzAbCdEfGhIjKlMnOpQr"),
    ("Stripe webhook secret", "whsec_" + "Zx8Q2mN4pR6tV8yB1dF3hJ5kL7"),
    ("private key", "-----BEGIN " + "RSA PRIVATE KEY-----"),
    ("private key", "-----BEGIN " + "OPENSSH PRIVATE KEY-----"),
    ("AWS access key id", "AKIA" + "IOSFODNN7EXAMPLE"),
    ("AWS secret access key",
     "aws_secret_access_key = " + "wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY"),
])
def test_the_scanner_finds_each_kind(kind, value):
    assert [k for k, _ in find_secrets(f"config = '{value}'\n")] == [kind]


@pytest.mark.parametrize("text", [
    "api_key: str = 'sk_test_fake_ocop'",  # the fake Stripe server's own key
    "sk_test_" + "fake" + "0123456789abcdefghijkl",
    "whsec_wrong", "pk_live_" + "4eC39HqLyjWDarjtT1zdp7dc",  # short; publishable keys are public
    "STRIPE_SECRET_KEY = os.environ.get('STRIPE_SECRET_KEY', '')",
])
def test_the_scanner_lets_fakes_and_look_alikes_through(text):
    assert find_secrets(text) == []
