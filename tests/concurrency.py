"""Checkouts from threads released at the same moment, each with its own session."""
import threading

from marketplace.accounts.models import User
from marketplace.extensions import db
from marketplace.orders.exceptions import CartNeedsReview, OutOfStock
from marketplace.orders.services import place_order
from tests.factories import checkout_details


def checkout_race(app, user_ids: list[int], key_prefix: str, timeout: float = 90) -> dict[int, str]:
    """Each user checks out its cart at once; returns user id → "placed", "refused" or an error."""
    db.session.remove()
    barrier = threading.Barrier(len(user_ids))
    outcomes: dict[int, str] = {}
    lock = threading.Lock()

    def buy(index: int, user_id: int) -> None:
        with app.app_context():
            user = db.session.get(User, user_id)
            barrier.wait()
            try:
                place_order(user, checkout_details(), f"{key_prefix}-{index:04d}-xxxxxxxx")
                result = "placed"
            except (OutOfStock, CartNeedsReview):
                result = "refused"
            except Exception as exc:  # noqa: BLE001 — reported by the callers' assertions
                result = f"error: {exc!r}"
            finally:
                db.session.remove()
            with lock:
                outcomes[user_id] = result

    threads = [threading.Thread(target=buy, args=(i, uid)) for i, uid in enumerate(user_ids)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return outcomes
