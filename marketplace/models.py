"""Imports every domain's models so the metadata (and Alembic) sees them all."""
from .accounts.models import Address, PasswordResetToken, User  # noqa: F401
from .catalog.models import (  # noqa: F401
    CatalogRevision, Category, Product, ProductImage, StockMovement,
)
from .notifications.models import OutboxMessage  # noqa: F401
from .ocop.models import Certification  # noqa: F401
from .outlets.models import (  # noqa: F401
    EventApplication, EventApplicationProduct, GiftSet, GiftSetComponent, GiftSetSale, Outlet,
    OutletMovement, OutletStatusEvent, OutletStock, RestockDraftLine, RestockEvent, RestockLine,
    RestockOrder, TradeEvent, WholesaleTerms, WholesaleTier,
)
from .shops.models import Producer, ProducerStatusEvent, StaffInvitation  # noqa: F401
from .cart.models import Cart, CartLine  # noqa: F401,E402
from .orders.models import Order, OrderEvent, OrderLine, ShopOrder  # noqa: F401,E402
from .payments.models import Payment  # noqa: F401,E402
from .payments.stripe_models import CardCheckout, Refund, StripeEvent  # noqa: F401,E402
from .settlement.models import (  # noqa: F401,E402
    LedgerEntry, Payout, PayoutAccount, PayoutBatch,
)
from .ocop.dossier_models import (  # noqa: F401,E402
    CouncilMember, Criterion, Dossier, DossierDocument, DossierEvent, ScoreSheet, Scorecard,
    SheetScore,
)
from .trace.models import Batch, Scan, ShipmentBatch, Stamp, TraceEvent  # noqa: F401,E402
from .api.tokens import ApiToken  # noqa: F401,E402
from .reviews.models import Review  # noqa: F401,E402
