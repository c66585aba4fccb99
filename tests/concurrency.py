"""Work from threads released at the same moment: checkouts, each with its own session."""
import threading
from typing import Callable, Sequence

from marketplace.accounts.models import User
from marketplace.extensions import db
from marketplace.orders.exceptions import CartNeedsReview, OutOfStock
from marketplace.orders.services import place_order
from tests.factories import checkout_details

Task = Callable[[Callable[[], None]], str]


def run_together(tasks: Sequence[Task], timeout: float = 90) -> list[str]:
    """Run each task in a thread of its own; returns their outcomes in order.

    A task gets a ``ready()`` to call once it is set up: every task goes on from there at
    the same moment. An exception becomes the outcome ``"error: ..."`` (and releases the
    others, who then report a broken barrier instead of waiting forever).
    """
    barrier = threading.Barrier(len(tasks))
    outcomes = ["error: did not finish"] * len(tasks)

    def run(index: int, task: Task) -> None:
        try:
            outcomes[index] = task(lambda: barrier.wait(timeout))
        except Exception as exc:  # noqa: BLE001 — reported by the callers' assertions
            barrier.abort()
            outcomes[index] = f"error: {exc!r}"

    threads = [threading.Thread(target=run, args=(i, task)) for i, task in enumerate(tasks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return outcomes


def checkout_race(app, user_ids: list[int], key_prefix: str, timeout: float = 90) -> dict[int, str]:
    """Each user checks out its cart at once; returns user id → "placed", "refused" or an error."""
    db.session.remove()

    def buyer(index: int, user_id: int) -> Task:
        def buy(ready: Callable[[], None]) -> str:
            with app.app_context():
                try:
                    user = db.session.get(User, user_id)
                    ready()
                    place_order(user, checkout_details(), f"{key_prefix}-{index:04d}-xxxxxxxx")
                    return "placed"
                except (OutOfStock, CartNeedsReview):
                    return "refused"
                finally:
                    db.session.remove()
        return buy

    outcomes = run_together([buyer(i, uid) for i, uid in enumerate(user_ids)], timeout)
    return dict(zip(user_ids, outcomes))
