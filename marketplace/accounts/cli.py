"""``flask user create EMAIL --role ROLE [--producer SLUG] [--outlet SLUG] [--password P]``."""
from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from ..extensions import db
from ..outlets.models import Outlet
from ..shops.models import Producer
from .exceptions import ValidationFailed
from .models import ProducerRole, Role
from .services import register_user

user_cli = AppGroup("user", help="Accounts.")


def _fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    raise SystemExit(1)


@user_cli.command("create")
@click.argument("email")
@click.option("--role", required=True, help="shopper, producer, outlet or office.")
@click.option("--producer", "producer_slug", help="Producer slug (role producer).")
@click.option("--producer-role", default="owner", show_default=True,
              help="owner or staff (role producer).")
@click.option("--outlet", "outlet_slug", help="Outlet slug (role outlet).")
@click.option("--name", default="", help="Display name.")
@click.option("--password", help="Password; asked for (hidden, twice) when absent.")
def create_command(email: str, role: str, producer_slug: str | None, producer_role: str,
                   outlet_slug: str | None, name: str, password: str | None) -> None:
    """Create an account; exit 1 with the reason when it cannot be created."""
    roles = [r.value for r in Role]
    if role not in roles:
        _fail(f"unknown role {role!r}: choose one of {', '.join(roles)}.")
    role = Role(role)
    if producer_role not in [r.value for r in ProducerRole]:
        _fail(f"unknown producer role {producer_role!r}: choose owner or staff.")
    if role == Role.PRODUCER and not producer_slug:
        _fail("role producer needs --producer SLUG.")
    if role == Role.OUTLET and not outlet_slug:
        _fail("role outlet needs --outlet SLUG.")
    if producer_slug and role != Role.PRODUCER:
        _fail("--producer goes with --role producer only.")
    if outlet_slug and role != Role.OUTLET:
        _fail("--outlet goes with --role outlet only.")
    producer = outlet = None
    if producer_slug:
        producer = db.session.scalar(select(Producer).where(Producer.slug == producer_slug))
        if producer is None:
            _fail(f"no producer with slug {producer_slug!r}.")
    if outlet_slug:
        outlet = db.session.scalar(select(Outlet).where(Outlet.slug == outlet_slug))
        if outlet is None:
            _fail(f"no outlet with slug {outlet_slug!r}.")
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = register_user(email, password, name, role=role, producer=producer,
                             producer_role=ProducerRole(producer_role), outlet=outlet)
    except ValidationFailed as error:
        _fail(" ".join(f"{field}: {message}" for field, message in error.errors.items()))
    link = f" of {producer.slug}" if producer else f" of {outlet.slug}" if outlet else ""
    click.echo(f"Created {user.role.value} account {user.email}{link} (id {user.id}).")
