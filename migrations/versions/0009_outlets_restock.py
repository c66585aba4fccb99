"""Outlets (issue 7): operator registration and approval trail, outlet shelf stock and its
movements, wholesale terms and tiers, restock orders (draft lines, orders, lines, events),
gift sets (their components and what each sale took), trade fairs and applications

The outlet gains email, status_reason and approved_at. ``stock_movement.reason`` gains
``gift_set`` (a gift set's stock follows its components): its CHECK constraint is
rewritten (on SQLite by rebuilding the table in batch mode; nothing references it).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 03:24:50.858248

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

STOCK_REASONS_OLD = ('initial', 'sale', 'cancellation', 'delivery_failed', 'expiry', 'restock',
                     'count', 'damage', 'other', 'bulk_update', 'import', 'outlet_restock')
STOCK_REASONS = STOCK_REASONS_OLD + ('gift_set',)


def _reason_check(values) -> str:
    return "reason IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def _stock_reasons(values) -> None:
    with op.batch_alter_table('stock_movement', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_stock_movement_stockreason'), type_='check')
        batch_op.create_check_constraint(op.f('ck_stock_movement_stockreason'),
                                         _reason_check(values))


def upgrade():
    op.create_table('gift_set',
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('occasion', sa.Enum('tet', 'visit', 'conference', name='occasion', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('outlet_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_gift_set_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['outlet_id'], ['outlet.id'], name=op.f('fk_gift_set_outlet_id_outlet'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_gift_set_product_id_product'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('product_id', name=op.f('pk_gift_set'))
    )
    with op.batch_alter_table('gift_set', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_gift_set_outlet_id'), ['outlet_id'], unique=False)

    op.create_table('outlet_status_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outlet_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=False),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_outlet_status_event_actor_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['outlet_id'], ['outlet.id'], name=op.f('fk_outlet_status_event_outlet_id_outlet'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outlet_status_event'))
    )
    with op.batch_alter_table('outlet_status_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outlet_status_event_outlet_id'), ['outlet_id'], unique=False)

    op.create_table('outlet_stock',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outlet_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('on_hand', sa.Integer(), nullable=False),
    sa.Column('reorder_point', sa.Integer(), nullable=False),
    sa.Column('target_level', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('on_hand >= 0', name=op.f('ck_outlet_stock_on_hand_not_negative')),
    sa.CheckConstraint('reorder_point >= 0', name=op.f('ck_outlet_stock_reorder_point_not_negative')),
    sa.CheckConstraint('target_level >= 0', name=op.f('ck_outlet_stock_target_level_not_negative')),
    sa.ForeignKeyConstraint(['outlet_id'], ['outlet.id'], name=op.f('fk_outlet_stock_outlet_id_outlet'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_outlet_stock_product_id_product'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outlet_stock')),
    sa.UniqueConstraint('outlet_id', 'product_id', name='uq_outlet_stock_outlet_product')
    )
    with op.batch_alter_table('outlet_stock', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outlet_stock_product_id'), ['product_id'], unique=False)

    op.create_table('restock_draft_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outlet_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_restock_draft_line_quantity_positive')),
    sa.ForeignKeyConstraint(['outlet_id'], ['outlet.id'], name=op.f('fk_restock_draft_line_outlet_id_outlet'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_restock_draft_line_product_id_product'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_restock_draft_line')),
    sa.UniqueConstraint('outlet_id', 'product_id', name='uq_restock_draft_line_outlet_product')
    )
    with op.batch_alter_table('restock_draft_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_restock_draft_line_outlet_id'), ['outlet_id'], unique=False)

    op.create_table('restock_order',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=24), nullable=True),
    sa.Column('outlet_id', sa.Integer(), nullable=False),
    sa.Column('producer_id', sa.Integer(), nullable=False),
    sa.Column('request_key', sa.String(length=64), nullable=False),
    sa.Column('status', sa.Enum('placed', 'accepted', 'refused', 'shipped', 'received', 'cancelled', name='restockstatus', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('payment_terms', sa.Enum('transfer_invoice', 'on_delivery', name='paymentterms', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('paid_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('subtotal_vnd', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('refuse_reason', sa.String(length=300), nullable=False),
    sa.Column('carrier', sa.String(length=80), nullable=False),
    sa.Column('tracking_code', sa.String(length=80), nullable=False),
    sa.Column('stock_taken', sa.Boolean(), nullable=False),
    sa.Column('stock_received', sa.Boolean(), nullable=False),
    sa.Column('placed_by_id', sa.Integer(), nullable=True),
    sa.Column('placed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('shipped_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('subtotal_vnd >= 0', name=op.f('ck_restock_order_subtotal_not_negative')),
    sa.ForeignKeyConstraint(['outlet_id'], ['outlet.id'], name=op.f('fk_restock_order_outlet_id_outlet')),
    sa.ForeignKeyConstraint(['placed_by_id'], ['user_account.id'], name=op.f('fk_restock_order_placed_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['producer_id'], ['producer.id'], name=op.f('fk_restock_order_producer_id_producer')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_restock_order')),
    sa.UniqueConstraint('number', name=op.f('uq_restock_order_number')),
    sa.UniqueConstraint('outlet_id', 'request_key', 'producer_id', name='uq_restock_order_request')
    )
    with op.batch_alter_table('restock_order', schema=None) as batch_op:
        batch_op.create_index('ix_restock_order_outlet_placed', ['outlet_id', 'placed_at'], unique=False)
        batch_op.create_index('ix_restock_order_producer_status', ['producer_id', 'status'], unique=False)

    op.create_table('trade_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=160), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('fair', 'exhibition', 'ocop_week', name='eventkind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('venue', sa.String(length=300), nullable=False),
    sa.Column('province_code', sa.String(length=2), nullable=False),
    sa.Column('commune_code', sa.String(length=5), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('photo_path', sa.String(length=300), nullable=True),
    sa.Column('status', sa.Enum('draft', 'published', 'cancelled', name='eventstatus', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_trade_event_dates_in_order')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_trade_event_created_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trade_event')),
    sa.UniqueConstraint('slug', name=op.f('uq_trade_event_slug'))
    )
    with op.batch_alter_table('trade_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trade_event_commune_code'), ['commune_code'], unique=False)
        batch_op.create_index('ix_trade_event_status_starts', ['status', 'starts_on'], unique=False)

    op.create_table('wholesale_terms',
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('offered', sa.Boolean(), nullable=False),
    sa.Column('min_order_qty', sa.Integer(), nullable=False),
    sa.Column('lead_time_days', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('lead_time_days >= 0', name=op.f('ck_wholesale_terms_lead_time_not_negative')),
    sa.CheckConstraint('min_order_qty >= 1', name=op.f('ck_wholesale_terms_moq_positive')),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_wholesale_terms_product_id_product'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('product_id', name=op.f('pk_wholesale_terms'))
    )
    op.create_table('event_application',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('producer_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'accepted', 'refused', 'withdrawn', name='applicationstatus', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('decided_reason', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['trade_event.id'], name=op.f('fk_event_application_event_id_trade_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['producer_id'], ['producer.id'], name=op.f('fk_event_application_producer_id_producer'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_application')),
    sa.UniqueConstraint('event_id', 'producer_id', name='uq_event_application_event_producer')
    )
    with op.batch_alter_table('event_application', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_application_producer_id'), ['producer_id'], unique=False)

    op.create_table('gift_set_component',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gift_set_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.CheckConstraint('quantity >= 1', name=op.f('ck_gift_set_component_quantity_positive')),
    sa.ForeignKeyConstraint(['gift_set_id'], ['gift_set.product_id'], name=op.f('fk_gift_set_component_gift_set_id_gift_set'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_gift_set_component_product_id_product'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gift_set_component')),
    sa.UniqueConstraint('gift_set_id', 'product_id', name='uq_gift_set_component_set_product')
    )
    with op.batch_alter_table('gift_set_component', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_gift_set_component_product_id'), ['product_id'], unique=False)

    op.create_table('outlet_movement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outlet_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('delta', sa.Integer(), nullable=False),
    sa.Column('on_hand_after', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Enum('opening', 'counter_sale', 'count', 'restock', 'damage', 'return', name='outletreason', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('restock_order_id', sa.Integer(), nullable=True),
    sa.Column('stamp_serial', sa.String(length=64), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('delta <> 0', name=op.f('ck_outlet_movement_delta_not_zero')),
    sa.CheckConstraint('on_hand_after >= 0', name=op.f('ck_outlet_movement_on_hand_after_not_negative')),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_outlet_movement_actor_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['outlet_id'], ['outlet.id'], name=op.f('fk_outlet_movement_outlet_id_outlet'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_outlet_movement_product_id_product'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['restock_order_id'], ['restock_order.id'], name=op.f('fk_outlet_movement_restock_order_id_restock_order'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outlet_movement')),
    sa.UniqueConstraint('stamp_serial', name='uq_outlet_movement_stamp_serial')
    )
    with op.batch_alter_table('outlet_movement', schema=None) as batch_op:
        batch_op.create_index('ix_outlet_movement_outlet_product_created', ['outlet_id', 'product_id', 'created_at'], unique=False)
        batch_op.create_index('ix_outlet_movement_outlet_reason_created', ['outlet_id', 'reason', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outlet_movement_restock_order_id'), ['restock_order_id'], unique=False)

    op.create_table('restock_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=False),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_restock_event_actor_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['order_id'], ['restock_order.id'], name=op.f('fk_restock_event_order_id_restock_order'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_restock_event'))
    )
    with op.batch_alter_table('restock_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_restock_event_order_id'), ['order_id'], unique=False)

    op.create_table('restock_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=True),
    sa.Column('product_name', sa.String(length=200), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit_price_vnd', sa.Integer(), nullable=False),
    sa.Column('retail_price_vnd', sa.Integer(), nullable=False),
    sa.Column('batch_code', sa.String(length=60), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_restock_line_quantity_positive')),
    sa.CheckConstraint('unit_price_vnd >= 0', name=op.f('ck_restock_line_price_not_negative')),
    sa.ForeignKeyConstraint(['order_id'], ['restock_order.id'], name=op.f('fk_restock_line_order_id_restock_order'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_restock_line_product_id_product'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_restock_line'))
    )
    with op.batch_alter_table('restock_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_restock_line_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_restock_line_product_id'), ['product_id'], unique=False)

    op.create_table('wholesale_tier',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('min_qty', sa.Integer(), nullable=False),
    sa.Column('unit_price_vnd', sa.Integer(), nullable=False),
    sa.CheckConstraint('min_qty >= 1', name=op.f('ck_wholesale_tier_min_qty_positive')),
    sa.CheckConstraint('unit_price_vnd >= 0', name=op.f('ck_wholesale_tier_price_not_negative')),
    sa.ForeignKeyConstraint(['product_id'], ['wholesale_terms.product_id'], name=op.f('fk_wholesale_tier_product_id_wholesale_terms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wholesale_tier')),
    sa.UniqueConstraint('product_id', 'min_qty', name='uq_wholesale_tier_product_min_qty')
    )
    with op.batch_alter_table('wholesale_tier', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wholesale_tier_product_id'), ['product_id'], unique=False)

    op.create_table('event_application_product',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['event_application.id'], name=op.f('fk_event_application_product_application_id_event_application'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_event_application_product_product_id_product'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_application_product')),
    sa.UniqueConstraint('application_id', 'product_id', name='uq_event_application_product_application_product')
    )
    with op.batch_alter_table('event_application_product', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_application_product_product_id'), ['product_id'], unique=False)

    op.create_table('gift_set_sale',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_line_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=True),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_gift_set_sale_quantity_positive')),
    sa.ForeignKeyConstraint(['order_line_id'], ['order_line.id'], name=op.f('fk_gift_set_sale_order_line_id_order_line'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_gift_set_sale_product_id_product'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gift_set_sale'))
    )
    with op.batch_alter_table('gift_set_sale', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_gift_set_sale_order_line_id'), ['order_line_id'], unique=False)

    with op.batch_alter_table('outlet', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('status_reason', sa.String(length=500), server_default='', nullable=False))
        batch_op.add_column(sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True))

    _stock_reasons(STOCK_REASONS)


def downgrade():
    # A gift set's derived movements read as ``other`` under the older list of reasons.
    op.execute("UPDATE stock_movement SET reason = 'other', note = 'bộ quà tặng' "
               "WHERE reason = 'gift_set'")
    _stock_reasons(STOCK_REASONS_OLD)
    with op.batch_alter_table('outlet', schema=None) as batch_op:
        batch_op.drop_column('approved_at')
        batch_op.drop_column('status_reason')
        batch_op.drop_column('email')

    with op.batch_alter_table('gift_set_sale', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_gift_set_sale_order_line_id'))

    op.drop_table('gift_set_sale')
    with op.batch_alter_table('event_application_product', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_application_product_product_id'))

    op.drop_table('event_application_product')
    with op.batch_alter_table('wholesale_tier', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wholesale_tier_product_id'))

    op.drop_table('wholesale_tier')
    with op.batch_alter_table('restock_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_restock_line_product_id'))
        batch_op.drop_index(batch_op.f('ix_restock_line_order_id'))

    op.drop_table('restock_line')
    with op.batch_alter_table('restock_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_restock_event_order_id'))

    op.drop_table('restock_event')
    with op.batch_alter_table('outlet_movement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outlet_movement_restock_order_id'))
        batch_op.drop_index('ix_outlet_movement_outlet_reason_created')
        batch_op.drop_index('ix_outlet_movement_outlet_product_created')

    op.drop_table('outlet_movement')
    with op.batch_alter_table('gift_set_component', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_gift_set_component_product_id'))

    op.drop_table('gift_set_component')
    with op.batch_alter_table('event_application', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_application_producer_id'))

    op.drop_table('event_application')
    op.drop_table('wholesale_terms')
    with op.batch_alter_table('trade_event', schema=None) as batch_op:
        batch_op.drop_index('ix_trade_event_status_starts')
        batch_op.drop_index(batch_op.f('ix_trade_event_commune_code'))

    op.drop_table('trade_event')
    with op.batch_alter_table('restock_order', schema=None) as batch_op:
        batch_op.drop_index('ix_restock_order_producer_status')
        batch_op.drop_index('ix_restock_order_outlet_placed')

    op.drop_table('restock_order')
    with op.batch_alter_table('restock_draft_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_restock_draft_line_outlet_id'))

    op.drop_table('restock_draft_line')
    with op.batch_alter_table('outlet_stock', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outlet_stock_product_id'))

    op.drop_table('outlet_stock')
    with op.batch_alter_table('outlet_status_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outlet_status_event_outlet_id'))

    op.drop_table('outlet_status_event')
    with op.batch_alter_table('gift_set', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_gift_set_outlet_id'))

    op.drop_table('gift_set')
