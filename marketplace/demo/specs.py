"""The demo catalogue as plain data: what the loader writes, before any database row."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..ocop.models import CertificationStatus, IssuerLevel
from ..outlets.models import OutletLevel
from ..shops.models import ProducerKind
from .legacy import LegacyPlace


@dataclass
class ProducerSpec:
    """A chủ thể OCOP placed by its legacy address (converted to the 2025 commune)."""

    name: str
    kind: ProducerKind
    place: LegacyPlace
    street: str
    story: str
    specialty: str  # the vocabulary it draws on, and the colour of its logo
    brand: str = ""  # the word its product names carry ("Hảo Đạt", "La Bằng")
    phone: str = ""
    slug: str = ""
    gs1_prefix: str | None = None  # 893 + company number, when it has GTINs
    real: bool = False  # a real producer of OCOP.md: nothing is invented about its products

    @property
    def legacy_address(self) -> str:
        return self.place.address


@dataclass
class CertSpec:
    """One star decision; the newest is active, older ones are kept as expired."""

    stars: int
    score: int
    parts: tuple[int, int, int]
    certified_on: date
    expires_on: date
    status: CertificationStatus
    issuer: str = ""
    issuer_level: IssuerLevel = IssuerLevel.PROVINCE
    decision_no: str = ""
    certificate_no: str = ""


@dataclass
class ProductSpec:
    """A product and its certificate history (oldest first)."""

    producer: ProducerSpec
    name: str
    category: str  # sub-group slug, or a group slug for groups without sub-groups
    price_vnd: int
    unit: str
    net_quantity: str
    description: str
    origin: str
    shelf_life: str
    storage: str
    stock: int
    is_gift: bool = False
    gtin: str | None = None
    stars: int | None = None  # the current certificate; None: uncertified or lapsed
    months_ago: int | None = None  # headline items: when the current decision was taken
    history: tuple[int, ...] = ()  # stars of earlier certificates, oldest first
    weight4: float = 1.0  # how likely a generated item is to be one of the 4★ ones
    slug: str = ""
    certifications: list[CertSpec] = field(default_factory=list)


@dataclass
class OutletSpec:
    """An approved OCOP sales point."""

    name: str
    level: OutletLevel
    commune_code: str
    street: str
    lat: float | None
    lng: float | None
    opening_hours: str
    phone: str
    slug: str = ""
