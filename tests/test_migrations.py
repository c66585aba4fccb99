"""`flask db upgrade` on an empty database gives exactly the models' schema."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import select

from marketplace import create_app
from marketplace.catalog.groups import OCOP_GROUPS
from marketplace.catalog.models import Category
from marketplace.extensions import db
from tests.conftest import BACKENDS, fresh_postgres_database, make_config


def _empty_database(backend: str, tmp_path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'migrated.db'}"
    return fresh_postgres_database("_migrations")


@pytest.fixture(params=BACKENDS)
def migrated_app(request, tmp_path):
    url = _empty_database(request.param, tmp_path)
    app = create_app(make_config(request.param, tmp_path, SQLALCHEMY_DATABASE_URI=url))
    with app.app_context():
        upgrade()
        yield app
        db.session.remove()
        db.engine.dispose()


def test_upgrade_matches_models(migrated_app):
    with db.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata
        )
    assert diff == []


def test_upgrade_seeds_the_six_ocop_groups(migrated_app):
    groups = db.session.scalars(
        select(Category.name).where(Category.parent_id.is_(None)).order_by(Category.position)
    ).all()
    assert groups == [name for _, name, _, _ in OCOP_GROUPS]


def test_downgrade_to_base_and_up_again(migrated_app):
    downgrade(revision="base")
    upgrade()
    assert db.session.scalar(select(Category.id).limit(1)) is not None
