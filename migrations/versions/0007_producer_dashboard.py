"""Producer dashboard: shop profile fields and review trail, staff invitations, the stock
ledger (one movement per stock change), low-stock thresholds, COD collection time

producer gains tax_code, contact_name, opening_hours, status_reason, submitted_at and
approved_at, and a fourth status, ``changes_requested`` (its CHECK constraint is
rewritten). Every product that already has stock gets an ``initial`` movement for it,
so the invariant "stock == sum of movements" holds from this revision on.

On SQLite the CHECK constraints can only change by rebuilding the table (batch mode);
foreign keys are switched off around the rebuild, or dropping the old ``producer`` and
``product`` tables would fail (or cascade) on the rows that reference them.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 02:46:43.005831

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


PRODUCER_STATUSES_OLD = ('pending', 'approved', 'suspended')
PRODUCER_STATUSES = ('pending', 'changes_requested', 'approved', 'suspended')


def _status_check(values) -> str:
    return "status IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def _foreign_keys(on: bool) -> None:
    """SQLite only: PRAGMA foreign_keys (it takes effect outside a transaction)."""
    if op.get_bind().dialect.name == 'sqlite':
        op.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def upgrade():
    _foreign_keys(False)  # first: the PRAGMA does nothing once a transaction has begun
    with op.batch_alter_table('producer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tax_code', sa.String(length=14), server_default='', nullable=False))
        batch_op.add_column(sa.Column('contact_name', sa.String(length=120), server_default='', nullable=False))
        batch_op.add_column(sa.Column('opening_hours', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('status_reason', sa.String(length=500), server_default='', nullable=False))
        batch_op.add_column(sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_constraint(op.f('ck_producer_producerstatus'), type_='check')
        batch_op.create_check_constraint(op.f('ck_producer_producerstatus'),
                                         _status_check(PRODUCER_STATUSES))

    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.add_column(sa.Column('low_stock_threshold', sa.Integer(), server_default='5', nullable=False))
        batch_op.create_check_constraint('low_stock_not_negative', 'low_stock_threshold >= 0')
    _foreign_keys(True)

    with op.batch_alter_table('shop_order', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cod_collected_at', sa.DateTime(timezone=True), nullable=True))

    op.create_table('producer_status_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('producer_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=False),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_producer_status_event_actor_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['producer_id'], ['producer.id'], name=op.f('fk_producer_status_event_producer_id_producer'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_producer_status_event'))
    )
    with op.batch_alter_table('producer_status_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_producer_status_event_producer_id'), ['producer_id'], unique=False)

    op.create_table('staff_invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('producer_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['invited_by_id'], ['user_account.id'], name=op.f('fk_staff_invitation_invited_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['producer_id'], ['producer.id'], name=op.f('fk_staff_invitation_producer_id_producer'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_invitation')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_staff_invitation_token_hash'))
    )
    with op.batch_alter_table('staff_invitation', schema=None) as batch_op:
        batch_op.create_index('ix_staff_invitation_producer_email', ['producer_id', 'email'], unique=False)

    op.create_table('stock_movement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('delta', sa.Integer(), nullable=False),
    sa.Column('stock_after', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Enum('initial', 'sale', 'cancellation', 'delivery_failed', 'expiry', 'restock', 'count', 'damage', 'other', 'bulk_update', 'import', 'outlet_restock', name='stockreason', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('shop_order_id', sa.Integer(), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('delta <> 0', name=op.f('ck_stock_movement_delta_not_zero')),
    sa.CheckConstraint('stock_after >= 0', name=op.f('ck_stock_movement_stock_after_not_negative')),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_stock_movement_actor_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_stock_movement_product_id_product'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['shop_order_id'], ['shop_order.id'], name=op.f('fk_stock_movement_shop_order_id_shop_order'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stock_movement'))
    )
    with op.batch_alter_table('stock_movement', schema=None) as batch_op:
        batch_op.create_index('ix_stock_movement_product_created', ['product_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_stock_movement_shop_order_id'), ['shop_order_id'], unique=False)

    # The ledger starts with what each product has now.
    op.execute(
        "INSERT INTO stock_movement (product_id, delta, stock_after, reason, note, created_at) "
        "SELECT id, stock, stock, 'initial', 'tồn kho khi mở sổ kho', CURRENT_TIMESTAMP "
        "FROM product WHERE stock > 0")


def downgrade():
    _foreign_keys(False)  # first: the PRAGMA does nothing once a transaction has begun
    with op.batch_alter_table('stock_movement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stock_movement_shop_order_id'))
        batch_op.drop_index('ix_stock_movement_product_created')

    op.drop_table('stock_movement')
    with op.batch_alter_table('staff_invitation', schema=None) as batch_op:
        batch_op.drop_index('ix_staff_invitation_producer_email')

    op.drop_table('staff_invitation')
    with op.batch_alter_table('producer_status_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_producer_status_event_producer_id'))

    op.drop_table('producer_status_event')

    with op.batch_alter_table('shop_order', schema=None) as batch_op:
        batch_op.drop_column('cod_collected_at')

    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_product_low_stock_not_negative'), type_='check')
        batch_op.drop_column('low_stock_threshold')

    # A producer waiting on changes goes back to waiting for review.
    op.execute("UPDATE producer SET status = 'pending' WHERE status = 'changes_requested'")
    with op.batch_alter_table('producer', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_producer_producerstatus'), type_='check')
        batch_op.create_check_constraint(op.f('ck_producer_producerstatus'),
                                         _status_check(PRODUCER_STATUSES_OLD))
        batch_op.drop_column('approved_at')
        batch_op.drop_column('submitted_at')
        batch_op.drop_column('status_reason')
        batch_op.drop_column('opening_hours')
        batch_op.drop_column('contact_name')
        batch_op.drop_column('tax_code')
    _foreign_keys(True)
