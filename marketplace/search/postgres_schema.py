"""The PostgreSQL search tables, in a schema of their own (``search``).

They hold derived data, rebuilt by ``flask search reindex``, like the Whoosh
directory: so they live outside the app's schema (``public``), which Alembic
compares with the models, and carry no foreign key to ``product`` (a product
deleted without telling search leaves a row no listing join can reach).
Migration 0002 creates them on PostgreSQL; the backend creates them too if a
database was made with ``create_all`` (tests) and they are missing.

Folding happens in the database: ``search.fold`` is ``lower(unaccent(...))``
declared IMMUTABLE so that generated columns and indexes can use it; unaccent's
rules fold every Vietnamese letter and đ/Đ.
"""
from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, SmallInteger, Table, Text
from sqlalchemy.dialects.postgresql import TSVECTOR

metadata = MetaData(schema="search")

document = Table(
    "document", metadata,
    Column("product_id", Integer, primary_key=True),
    Column("name", Text, nullable=False),  # the name's words, lower case, diacritics kept
    Column("producer", Text, nullable=False),
    Column("body", Text, nullable=False),  # description, groups, places, origin
    Column("name_len", SmallInteger, nullable=False),
    Column("folded", TSVECTOR),  # generated: name (A), producer (B), body, all folded
    Column("exact", TSVECTOR),  # generated: name (A) and producer (B) as written
    Column("name_folded", Text),  # generated, for trigram prefix search
    Column("producer_folded", Text),
)

word = Table("word", metadata, Column("word", Text, primary_key=True))

DDL = [
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

DROP = ["DROP SCHEMA IF EXISTS search CASCADE"]
