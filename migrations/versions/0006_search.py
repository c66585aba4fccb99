"""PostgreSQL full-text search: unaccent, pg_trgm and the ``search`` schema (no-op on SQLite)

The tables hold derived data (rebuilt by ``flask search reindex``) in a schema of
their own, so the app's schema compared with the models is unchanged; SQLite
deployments search with the Whoosh directory and need nothing here. The DDL is a
snapshot of marketplace/search/postgres_schema.py at this revision.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 03:00:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

UPGRADE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public",
    "CREATE SCHEMA IF NOT EXISTS search",
    """CREATE OR REPLACE FUNCTION search.fold(text) RETURNS text
       LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
       AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$""",
    """CREATE TABLE IF NOT EXISTS search.document (
        product_id integer PRIMARY KEY,
        name text NOT NULL,
        producer text NOT NULL,
        body text NOT NULL,
        name_len smallint NOT NULL,
        folded tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('simple'::regconfig, search.fold(name)), 'A')
            || setweight(to_tsvector('simple'::regconfig, search.fold(producer)), 'B')
            || to_tsvector('simple'::regconfig, search.fold(body))) STORED,
        exact tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('simple'::regconfig, name), 'A')
            || setweight(to_tsvector('simple'::regconfig, producer), 'B')) STORED,
        name_folded text GENERATED ALWAYS AS (search.fold(name)) STORED,
        producer_folded text GENERATED ALWAYS AS (search.fold(producer)) STORED
    )""",
    "CREATE INDEX IF NOT EXISTS document_folded ON search.document USING gin (folded)",
    "CREATE INDEX IF NOT EXISTS document_exact ON search.document USING gin (exact)",
    """CREATE INDEX IF NOT EXISTS document_name_trgm ON search.document
       USING gin (name_folded public.gin_trgm_ops)""",
    """CREATE INDEX IF NOT EXISTS document_producer_trgm ON search.document
       USING gin (producer_folded public.gin_trgm_ops)""",
    "CREATE TABLE IF NOT EXISTS search.word (word text PRIMARY KEY)",
    "CREATE INDEX IF NOT EXISTS word_trgm ON search.word USING gin (word public.gin_trgm_ops)",
]


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade():
    if not _postgres():
        return
    for statement in UPGRADE:
        op.execute(statement)


def downgrade():
    if not _postgres():
        return
    # The extensions stay: other objects of the database may use them.
    op.execute("DROP SCHEMA IF EXISTS search CASCADE")
