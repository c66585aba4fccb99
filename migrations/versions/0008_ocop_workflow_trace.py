"""OCOP workflow and traceability: scorecards and criteria per product group (the food
group's set seeded), dossiers with their documents, score sheets and transitions, the
provincial council's members; certificate revocation time and expiry-notice day; batches,
EPCIS events, QR stamps, scans and the batch of each parcel; API tokens for the office.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 00:00:00

"""
from alembic import op
import sqlalchemy as sa

from marketplace.ocop.seed import FOOD_CRITERIA, FOOD_GROUP, FOOD_SCORECARD_NAME


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():

    op.create_table('ocop_scorecard',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['category.id'], name=op.f('fk_ocop_scorecard_category_id_category')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ocop_scorecard')),
    sa.UniqueConstraint('category_id', 'version', name='uq_ocop_scorecard_category_version')
    )
    with op.batch_alter_table('ocop_scorecard', schema=None) as batch_op:
        batch_op.create_index('uq_ocop_scorecard_active_category', ['category_id'], unique=True, sqlite_where=sa.text('is_active'), postgresql_where=sa.text('is_active'))

    op.create_table('api_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_api_token_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_token_token_hash'))
    )
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_token_user_id'), ['user_id'], unique=False)

    op.create_table('ocop_council_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_ocop_council_member_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ocop_council_member')),
    sa.UniqueConstraint('user_id', name=op.f('uq_ocop_council_member_user_id'))
    )
    op.create_table('ocop_criterion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scorecard_id', sa.Integer(), nullable=False),
    sa.Column('part', sa.String(length=1), nullable=False),
    sa.Column('code', sa.String(length=10), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('guidance', sa.Text(), nullable=False),
    sa.Column('max_points', sa.Integer(), nullable=False),
    sa.Column('mandatory_from_stars', sa.Integer(), nullable=True),
    sa.Column('min_points', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint("part IN ('A', 'B', 'C')", name=op.f('ck_ocop_criterion_part_known')),
    sa.CheckConstraint('mandatory_from_stars IS NULL OR mandatory_from_stars BETWEEN 3 AND 5', name=op.f('ck_ocop_criterion_mandatory_stars_range')),
    sa.CheckConstraint('max_points BETWEEN 1 AND 40', name=op.f('ck_ocop_criterion_max_points_range')),
    sa.CheckConstraint('min_points >= 0 AND min_points <= max_points', name=op.f('ck_ocop_criterion_min_points_range')),
    sa.ForeignKeyConstraint(['scorecard_id'], ['ocop_scorecard.id'], name=op.f('fk_ocop_criterion_scorecard_id_ocop_scorecard'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ocop_criterion')),
    sa.UniqueConstraint('scorecard_id', 'code', name='uq_ocop_criterion_scorecard_code')
    )
    with op.batch_alter_table('ocop_criterion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ocop_criterion_scorecard_id'), ['scorecard_id'], unique=False)

    op.create_table('trace_batch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('produced_on', sa.Date(), nullable=False),
    sa.Column('best_before', sa.Date(), nullable=True),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('brand', sa.String(length=200), nullable=False),
    sa.Column('standards', sa.String(length=500), nullable=False),
    sa.Column('material_area_name', sa.String(length=200), nullable=False),
    sa.Column('material_area_code', sa.String(length=60), nullable=False),
    sa.Column('material_lat', sa.Double(), nullable=True),
    sa.Column('material_lng', sa.Double(), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('best_before IS NULL OR best_before >= produced_on', name=op.f('ck_trace_batch_best_before_after_production')),
    sa.CheckConstraint('quantity >= 0', name=op.f('ck_trace_batch_quantity_not_negative')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_trace_batch_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_trace_batch_product_id_product'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trace_batch')),
    sa.UniqueConstraint('product_id', 'code', name='uq_trace_batch_product_code')
    )
    with op.batch_alter_table('trace_batch', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trace_batch_product_id'), ['product_id'], unique=False)

    op.create_table('ocop_dossier',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=30), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('producer_id', sa.Integer(), nullable=False),
    sa.Column('scorecard_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('new', 're_evaluation', name='dossierkind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('previous_certification_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.Enum('draft', 'submitted', 'returned', 'council_scoring', 'scored', 'ministry_review', 'certified', 'not_certified', 'withdrawn', name='dossierstate', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('review_note', sa.String(length=2000), nullable=False),
    sa.Column('average_hundredths', sa.Integer(), nullable=True),
    sa.Column('proposed_stars', sa.Integer(), nullable=True),
    sa.Column('outcome_note', sa.String(length=1000), nullable=False),
    sa.Column('certification_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('average_hundredths IS NULL OR average_hundredths BETWEEN 0 AND 10000', name=op.f('ck_ocop_dossier_average_range')),
    sa.CheckConstraint('proposed_stars IS NULL OR proposed_stars BETWEEN 3 AND 5', name=op.f('ck_ocop_dossier_proposed_stars_range')),
    sa.ForeignKeyConstraint(['certification_id'], ['certification.id'], name=op.f('fk_ocop_dossier_certification_id_certification'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_ocop_dossier_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['previous_certification_id'], ['certification.id'], name=op.f('fk_ocop_dossier_previous_certification_id_certification'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['producer_id'], ['producer.id'], name=op.f('fk_ocop_dossier_producer_id_producer')),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_ocop_dossier_product_id_product'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['scorecard_id'], ['ocop_scorecard.id'], name=op.f('fk_ocop_dossier_scorecard_id_ocop_scorecard')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ocop_dossier')),
    sa.UniqueConstraint('number', name=op.f('uq_ocop_dossier_number'))
    )
    with op.batch_alter_table('ocop_dossier', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ocop_dossier_producer_id'), ['producer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ocop_dossier_product_id'), ['product_id'], unique=False)
        batch_op.create_index('ix_ocop_dossier_state_due', ['state', 'due_on'], unique=False)
        batch_op.create_index('uq_ocop_dossier_open_product', ['product_id'], unique=True, sqlite_where=sa.text("state IN ('draft', 'submitted', 'returned', 'council_scoring', 'scored', 'ministry_review')"), postgresql_where=sa.text("state IN ('draft', 'submitted', 'returned', 'council_scoring', 'scored', 'ministry_review')"))

    op.create_table('trace_stamp',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('serial', sa.String(length=20), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('scan_count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('first_scanned_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_scanned_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('scan_count >= 0', name=op.f('ck_trace_stamp_scan_count_not_negative')),
    sa.ForeignKeyConstraint(['batch_id'], ['trace_batch.id'], name=op.f('fk_trace_stamp_batch_id_trace_batch'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trace_stamp')),
    sa.UniqueConstraint('serial', name=op.f('uq_trace_stamp_serial'))
    )
    with op.batch_alter_table('trace_stamp', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trace_stamp_batch_id'), ['batch_id'], unique=False)

    op.create_table('ocop_dossier_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('registration', 'business_plan', 'quality', 'food_safety', 'legal', 'photo', 'story', 'three_year_report', 'other', name='documentkind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('path', sa.String(length=300), nullable=False),
    sa.Column('content_type', sa.String(length=60), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['dossier_id'], ['ocop_dossier.id'], name=op.f('fk_ocop_dossier_document_dossier_id_ocop_dossier'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id'], name=op.f('fk_ocop_dossier_document_uploaded_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ocop_dossier_document'))
    )
    with op.batch_alter_table('ocop_dossier_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ocop_dossier_document_dossier_id'), ['dossier_id'], unique=False)

    op.create_table('ocop_dossier_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('from_state', sa.String(length=20), nullable=False),
    sa.Column('to_state', sa.String(length=20), nullable=False),
    sa.Column('note', sa.String(length=2000), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_ocop_dossier_event_actor_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['dossier_id'], ['ocop_dossier.id'], name=op.f('fk_ocop_dossier_event_dossier_id_ocop_dossier'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ocop_dossier_event'))
    )
    with op.batch_alter_table('ocop_dossier_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ocop_dossier_event_dossier_id'), ['dossier_id'], unique=False)

    op.create_table('ocop_score_sheet',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('self', 'council', name='sheetkind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['dossier_id'], ['ocop_dossier.id'], name=op.f('fk_ocop_score_sheet_dossier_id_ocop_dossier'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['user_account.id'], name=op.f('fk_ocop_score_sheet_member_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ocop_score_sheet')),
    sa.UniqueConstraint('dossier_id', 'kind', 'member_id', name='uq_ocop_score_sheet_dossier_kind_member')
    )
    with op.batch_alter_table('ocop_score_sheet', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ocop_score_sheet_dossier_id'), ['dossier_id'], unique=False)

    op.create_table('trace_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_uuid', sa.String(length=36), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('biz_step', sa.Enum('commissioning', 'inspecting', 'packing', 'storing', 'shipping', 'transporting', 'receiving', 'retail_selling', 'decommissioning', name='bizstep', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('action', sa.Enum('ADD', 'OBSERVE', 'DELETE', name='action', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('disposition', sa.Enum('active', 'in_progress', 'in_transit', 'in_possession', 'sellable_accessible', 'sellable_not_accessible', 'retail_sold', 'conformant', 'non_conformant', 'recalled', 'destroyed', name='disposition', native_enum=False, create_constraint=True, length=30), nullable=True),
    sa.Column('event_time', sa.DateTime(timezone=True), nullable=False),
    sa.Column('place_code', sa.String(length=80), nullable=False),
    sa.Column('place_name', sa.String(length=200), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('quantity', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('photo_path', sa.String(length=300), nullable=True),
    sa.Column('source', sa.Enum('manual', 'batch', 'order', 'restock', name='eventsource', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('shop_order_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_trace_event_actor_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['batch_id'], ['trace_batch.id'], name=op.f('fk_trace_event_batch_id_trace_batch'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['shop_order_id'], ['shop_order.id'], name=op.f('fk_trace_event_shop_order_id_shop_order'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trace_event')),
    sa.UniqueConstraint('event_uuid', name=op.f('uq_trace_event_event_uuid'))
    )
    with op.batch_alter_table('trace_event', schema=None) as batch_op:
        batch_op.create_index('ix_trace_event_batch_time', ['batch_id', 'event_time'], unique=False)
        batch_op.create_index(batch_op.f('ix_trace_event_shop_order_id'), ['shop_order_id'], unique=False)

    op.create_table('trace_scan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('stamp_id', sa.Integer(), nullable=False),
    sa.Column('scanned_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('client_hint', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['stamp_id'], ['trace_stamp.id'], name=op.f('fk_trace_scan_stamp_id_trace_stamp'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trace_scan'))
    )
    with op.batch_alter_table('trace_scan', schema=None) as batch_op:
        batch_op.create_index('ix_trace_scan_stamp_time', ['stamp_id', 'scanned_at'], unique=False)

    op.create_table('trace_shipment_batch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('shop_order_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['trace_batch.id'], name=op.f('fk_trace_shipment_batch_batch_id_trace_batch'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_trace_shipment_batch_product_id_product'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['shop_order_id'], ['shop_order.id'], name=op.f('fk_trace_shipment_batch_shop_order_id_shop_order'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trace_shipment_batch')),
    sa.UniqueConstraint('shop_order_id', 'product_id', name='uq_trace_shipment_batch_order_product')
    )
    with op.batch_alter_table('trace_shipment_batch', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trace_shipment_batch_batch_id'), ['batch_id'], unique=False)

    op.create_table('ocop_sheet_score',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sheet_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.CheckConstraint('points >= 0', name=op.f('ck_ocop_sheet_score_points_not_negative')),
    sa.ForeignKeyConstraint(['criterion_id'], ['ocop_criterion.id'], name=op.f('fk_ocop_sheet_score_criterion_id_ocop_criterion')),
    sa.ForeignKeyConstraint(['sheet_id'], ['ocop_score_sheet.id'], name=op.f('fk_ocop_sheet_score_sheet_id_ocop_score_sheet'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ocop_sheet_score')),
    sa.UniqueConstraint('sheet_id', 'criterion_id', name='uq_ocop_sheet_score_sheet_criterion')
    )
    with op.batch_alter_table('ocop_sheet_score', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ocop_sheet_score_criterion_id'), ['criterion_id'], unique=False)

    with op.batch_alter_table('certification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('expiry_notice_sent_on', sa.Date(), nullable=True))

    _seed_food_scorecard()


def _seed_food_scorecard():
    """The food group's scorecard (marketplace/ocop/seed.py), active, version 1."""
    conn = op.get_bind()
    group_id = conn.execute(sa.text("SELECT id FROM category WHERE slug = :slug"),
                            {"slug": FOOD_GROUP}).scalar()
    if group_id is None:
        return
    scorecard = sa.table(
        "ocop_scorecard", sa.column("id", sa.Integer), sa.column("category_id", sa.Integer),
        sa.column("version", sa.Integer), sa.column("name", sa.String),
        sa.column("is_active", sa.Boolean), sa.column("created_at", sa.DateTime(timezone=True)))
    conn.execute(scorecard.insert().values(category_id=group_id, version=1,
                                           name=FOOD_SCORECARD_NAME, is_active=True,
                                           created_at=sa.func.now()))
    scorecard_id = conn.execute(sa.text(
        "SELECT id FROM ocop_scorecard WHERE category_id = :c AND version = 1"),
        {"c": group_id}).scalar()
    criterion = sa.table(
        "ocop_criterion", sa.column("scorecard_id", sa.Integer), sa.column("part", sa.String),
        sa.column("code", sa.String), sa.column("title", sa.String),
        sa.column("guidance", sa.Text), sa.column("max_points", sa.Integer),
        sa.column("mandatory_from_stars", sa.Integer), sa.column("min_points", sa.Integer),
        sa.column("position", sa.Integer))
    op.bulk_insert(criterion, [
        {"scorecard_id": scorecard_id, "part": part, "code": code, "title": title,
         "guidance": "", "max_points": points, "mandatory_from_stars": mandatory,
         "min_points": minimum, "position": index}
        for index, (part, code, title, points, mandatory, minimum) in enumerate(FOOD_CRITERIA)])


def downgrade():

    with op.batch_alter_table('certification', schema=None) as batch_op:
        batch_op.drop_column('expiry_notice_sent_on')
        batch_op.drop_column('revoked_at')

    with op.batch_alter_table('ocop_sheet_score', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ocop_sheet_score_criterion_id'))

    op.drop_table('ocop_sheet_score')
    with op.batch_alter_table('trace_shipment_batch', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trace_shipment_batch_batch_id'))

    op.drop_table('trace_shipment_batch')
    with op.batch_alter_table('trace_scan', schema=None) as batch_op:
        batch_op.drop_index('ix_trace_scan_stamp_time')

    op.drop_table('trace_scan')
    with op.batch_alter_table('trace_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trace_event_shop_order_id'))
        batch_op.drop_index('ix_trace_event_batch_time')

    op.drop_table('trace_event')
    with op.batch_alter_table('ocop_score_sheet', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ocop_score_sheet_dossier_id'))

    op.drop_table('ocop_score_sheet')
    with op.batch_alter_table('ocop_dossier_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ocop_dossier_event_dossier_id'))

    op.drop_table('ocop_dossier_event')
    with op.batch_alter_table('ocop_dossier_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ocop_dossier_document_dossier_id'))

    op.drop_table('ocop_dossier_document')
    with op.batch_alter_table('trace_stamp', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trace_stamp_batch_id'))

    op.drop_table('trace_stamp')
    with op.batch_alter_table('ocop_dossier', schema=None) as batch_op:
        batch_op.drop_index('uq_ocop_dossier_open_product', sqlite_where=sa.text("state IN ('draft', 'submitted', 'returned', 'council_scoring', 'scored', 'ministry_review')"), postgresql_where=sa.text("state IN ('draft', 'submitted', 'returned', 'council_scoring', 'scored', 'ministry_review')"))
        batch_op.drop_index('ix_ocop_dossier_state_due')
        batch_op.drop_index(batch_op.f('ix_ocop_dossier_product_id'))
        batch_op.drop_index(batch_op.f('ix_ocop_dossier_producer_id'))

    op.drop_table('ocop_dossier')
    with op.batch_alter_table('trace_batch', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trace_batch_product_id'))

    op.drop_table('trace_batch')
    with op.batch_alter_table('ocop_criterion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ocop_criterion_scorecard_id'))

    op.drop_table('ocop_criterion')
    op.drop_table('ocop_council_member')
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_token_user_id'))

    op.drop_table('api_token')
    with op.batch_alter_table('ocop_scorecard', schema=None) as batch_op:
        batch_op.drop_index('uq_ocop_scorecard_active_category', sqlite_where=sa.text('is_active'), postgresql_where=sa.text('is_active'))

    op.drop_table('ocop_scorecard')
