"""Every message of the code and the templates has its English, and the catalogue compiles."""
import re
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def _extracted(tmp_path) -> set[str]:
    pot = tmp_path / "messages.pot"
    subprocess.run([str(Path(sys.executable).parent / "pybabel"), "extract", "-F", "babel.cfg",
                    "-k", "_l", "-k", "lazy_gettext", "-o", str(pot), "."],
                   cwd=ROOT, check=True, capture_output=True)
    with pot.open("rb") as file:
        return {message.id if isinstance(message.id, str) else message.id[0]
                for message in read_po(file) if message.id}


def test_every_message_has_its_english(tmp_path):
    with CATALOG.open("rb") as file:
        catalog = read_po(file)
    translated = {(m.id if isinstance(m.id, str) else m.id[0])
                  for m in catalog if m.id and m.string and "fuzzy" not in m.flags
                  and (isinstance(m.string, str) or all(m.string))}

    missing = sorted(_extracted(tmp_path) - translated)

    assert missing == [], f"{len(missing)} messages without English, e.g. {missing[:10]}"


def test_placeholders_survive_translation():
    with CATALOG.open("rb") as file:
        catalog = read_po(file)
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(re.findall(r"%\(\w+\)s", ids[0]))
        for string in strings:
            assert set(re.findall(r"%\(\w+\)s", string)) <= wanted | {"%(num)s"}, \
                message.id
