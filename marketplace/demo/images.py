"""Product cards and producer logos drawn with Pillow: no photo is downloaded.

A card is a diagonal gradient in the colours of the product's group, two soft
circles, the product's initials and its name. The gradients are rendered once per
palette and reused, so the whole catalogue draws in about a second.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFont

from ..formatting import slugify

SIZE = 800
LOGO = 256
# JPEG: ten times faster to encode than WebP here, and the cards are flat colour anyway.
FORMAT, SUFFIX = "JPEG", "jpg"
FONT_FILES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
    "C:/Windows/Fonts/arialbd.ttf",
]
# (top-left, bottom-right) colours by sub-group or group.
PALETTES = {
    "che-ca-phe": ("#1b5e20", "#8bc34a"),
    "nong-san-tuoi-song": ("#e65100", "#ffca28"),
    "nong-san-so-che": ("#8d5524", "#f4b860"),
    "thuc-pham-che-bien": ("#b23c17", "#ff8a50"),
    "gia-vi": ("#b71c1c", "#ff7043"),
    "do-uong": ("#4a148c", "#ba68c8"),
    "duoc-lieu": ("#00695c", "#4db6ac"),
    "thu-cong-my-nghe": ("#4e342e", "#bcaaa4"),
    "sinh-vat-canh": ("#ad1457", "#f48fb1"),
    "du-lich": ("#01579b", "#4fc3f7"),
}
GROUP_OF = {
    "do-uong-co-con": "do-uong", "do-uong-khong-con": "do-uong",
    "thuc-pham-chuc-nang": "duoc-lieu", "thuoc-tu-duoc-lieu": "duoc-lieu",
    "my-pham": "duoc-lieu", "tinh-dau": "duoc-lieu",
    "do-go": "thu-cong-my-nghe", "may-tre-dan": "thu-cong-my-nghe",
    "gom-su": "thu-cong-my-nghe", "det-may-theu": "thu-cong-my-nghe",
}
SPECIALTY_PALETTE = {
    "tea": "che-ca-phe", "shan": "che-ca-phe", "mien": "thuc-pham-che-bien",
    "mat_ong": "nong-san-so-che", "gao": "nong-san-so-che", "thit": "thuc-pham-che-bien",
    "na": "nong-san-tuoi-song", "cam_quyt": "nong-san-tuoi-song", "banh": "thuc-pham-che-bien",
    "lam_san": "nong-san-so-che", "gia_vi": "gia-vi", "ga": "nong-san-tuoi-song",
    "ruou": "do-uong", "khong_con": "do-uong", "herb": "duoc-lieu", "tre": "thu-cong-my-nghe",
    "tho_cam": "thu-cong-my-nghe", "go": "thu-cong-my-nghe", "ornamental": "sinh-vat-canh",
    "tourism": "du-lich",
}


def palette_for(category_slug: str) -> str:
    if category_slug in PALETTES:
        return category_slug
    return GROUP_OF.get(category_slug, "thu-cong-my-nghe")


@lru_cache(maxsize=None)
def _font_path() -> str | None:
    return next((f for f in FONT_FILES if Path(f).exists()), None)


@lru_cache(maxsize=None)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = _font_path()
    return ImageFont.truetype(path, size) if path else ImageFont.load_default(size)


def _hex(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


@lru_cache(maxsize=None)
def _background(palette: str, size: int) -> Image.Image:
    """The diagonal gradient with two translucent circles; rendered once per palette."""
    start, end = (_hex(c) for c in PALETTES[palette])
    vertical = Image.linear_gradient("L")
    mask = ImageChops.add(vertical, vertical.rotate(90), scale=2.0).resize((size, size))
    image = Image.composite(Image.new("RGB", (size, size), end),
                            Image.new("RGB", (size, size), start), mask)
    overlay = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    draw.ellipse((size * 0.45, -size * 0.25, size * 1.25, size * 0.55), fill=(255, 255, 255, 38))
    draw.ellipse((-size * 0.3, size * 0.6, size * 0.45, size * 1.35), fill=(255, 255, 255, 28))
    return Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")


def initials(name: str, most: int = 3) -> str:
    """"CTN" for "Chè tôm nõn"; keeps Vietnamese letters when the font can draw them."""
    letters = [w[0].upper() for w in name.replace("–", " ").split() if w[0].isalpha()]
    text = "".join(letters[:most]) or "?"
    return text if _font_path() else slugify(text).upper().replace("-", "") or "?"


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    return lines + [line] if line else lines


def render_card(name: str, category_slug: str, subtitle: str) -> Image.Image:
    """An 800×800 product card: initials in a white disc, the name and the producer below."""
    image = _background(palette_for(category_slug), SIZE).copy()
    draw = ImageDraw.Draw(image)
    colour = _hex(PALETTES[palette_for(category_slug)][0])
    disc = (SIZE // 2 - 170, 110, SIZE // 2 + 170, 450)
    draw.ellipse(disc, fill=(255, 255, 255))
    text = initials(name)
    font = _font(150 if len(text) < 3 else 120)
    draw.text((SIZE // 2, 280), text, font=font, fill=colour, anchor="mm")
    title = _font(54 if len(name) < 24 else 44)
    y = 505
    if not _font_path():
        name, subtitle = slugify(name).replace("-", " ").title(), slugify(subtitle).replace(
            "-", " ").title()
    for line in _wrap(draw, name, title, SIZE - 120)[:3]:
        draw.text((SIZE // 2, y), line, font=title, fill="white", anchor="mt")
        y += int(title.size * 1.2) if hasattr(title, "size") else 60
    size = next((s for s in (30, 26, 22) if draw.textlength(subtitle, font=_font(s)) <= SIZE - 80),
                22)
    while draw.textlength(subtitle, font=_font(size)) > SIZE - 80 and " " in subtitle:
        subtitle = subtitle.rsplit(" ", 1)[0].rstrip(" ·,") + "…"
    draw.text((SIZE // 2, SIZE - 60), subtitle, font=_font(size), fill=(255, 255, 255),
              anchor="mm")
    return image


def render_logo(brand: str, specialty: str) -> Image.Image:
    """A round 256×256 logo with the brand's initials."""
    palette = SPECIALTY_PALETTE.get(specialty, "thu-cong-my-nghe")
    image = _background(palette, LOGO).copy()
    mask = Image.new("L", (LOGO, LOGO), 0)
    ImageDraw.Draw(mask).ellipse((0, 0, LOGO - 1, LOGO - 1), fill=255)
    white = Image.new("RGB", (LOGO, LOGO), (255, 255, 255))
    logo = Image.composite(image, white, mask)
    draw = ImageDraw.Draw(logo)
    draw.ellipse((18, 18, LOGO - 19, LOGO - 19), outline=(255, 255, 255), width=6)
    text = initials(brand, most=2)
    draw.text((LOGO // 2, LOGO // 2), text, font=_font(96 if len(text) < 2 else 84),
              fill="white", anchor="mm")
    return logo


def save(image: Image.Image, media_dir: str | Path, relative: str) -> tuple[int, int]:
    """Write under MEDIA_DIR (creating folders) and return the size."""
    target = Path(media_dir) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    image.save(tmp, FORMAT, quality=85)
    tmp.replace(target)  # never leave a half-written image behind a database row
    return image.size
