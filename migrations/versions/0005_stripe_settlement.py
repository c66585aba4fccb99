"""Card payments through Stripe, webhook events, refunds; the producer settlement ledger

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 02:40:00.000000

Tables: card_checkout (one Stripe Checkout Session per attempt to pay an order, with its
idempotency key; a payment taken after the order ended is flagged here for the office),
stripe_event (every webhook event id once: unique), refund (card refunds, recorded before
Stripe is called and retried until they go through), ledger_entry (append-only postings
per producer, each once by its dedupe key; payout_id marks it settled), payout_batch and
payout (one run of `flask settlement payouts` and one transfer per producer in it) and
payout_account (the producer's bank account, set by its owner).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('payout_batch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=40), nullable=False),
    sa.Column('until', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payout_batch')),
    sa.UniqueConstraint('reference', name=op.f('uq_payout_batch_reference'))
    )
    op.create_table('payout',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('producer_id', sa.Integer(), nullable=False),
    sa.Column('amount_vnd', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'sent', 'cancelled', name='payoutstatus', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('producer_name', sa.String(length=200), nullable=False),
    sa.Column('bank_name', sa.String(length=120), nullable=False),
    sa.Column('account_no', sa.String(length=40), nullable=False),
    sa.Column('account_name', sa.String(length=120), nullable=False),
    sa.Column('bank_reference', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('amount_vnd > 0', name=op.f('ck_payout_amount_positive')),
    sa.ForeignKeyConstraint(['batch_id'], ['payout_batch.id'], name=op.f('fk_payout_batch_id_payout_batch')),
    sa.ForeignKeyConstraint(['producer_id'], ['producer.id'], name=op.f('fk_payout_producer_id_producer')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payout'))
    )
    with op.batch_alter_table('payout', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payout_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payout_producer_id'), ['producer_id'], unique=False)

    op.create_table('payout_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('producer_id', sa.Integer(), nullable=False),
    sa.Column('bank_name', sa.String(length=120), nullable=False),
    sa.Column('account_no', sa.String(length=40), nullable=False),
    sa.Column('account_name', sa.String(length=120), nullable=False),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['producer_id'], ['producer.id'], name=op.f('fk_payout_account_producer_id_producer')),
    sa.ForeignKeyConstraint(['updated_by'], ['user_account.id'], name=op.f('fk_payout_account_updated_by_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payout_account')),
    sa.UniqueConstraint('producer_id', name=op.f('uq_payout_account_producer_id'))
    )
    op.create_table('stripe_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.String(length=255), nullable=False),
    sa.Column('type', sa.String(length=100), nullable=False),
    sa.Column('object_id', sa.String(length=255), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=True),
    sa.Column('stripe_created', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.String(length=300), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_stripe_event_order_id_orders'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stripe_event')),
    sa.UniqueConstraint('event_id', name=op.f('uq_stripe_event_event_id'))
    )
    with op.batch_alter_table('stripe_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stripe_event_order_id'), ['order_id'], unique=False)

    op.create_table('card_checkout',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('payment_id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('attempt', sa.Integer(), nullable=False),
    sa.Column('idempotency_key', sa.String(length=80), nullable=False),
    sa.Column('status', sa.Enum('creating', 'open', 'complete', 'expired', 'failed', 'replaced', name='checkoutstatus', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('amount_vnd', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.String(length=255), nullable=True),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('payment_status', sa.String(length=30), nullable=False),
    sa.Column('payment_intent_id', sa.String(length=255), nullable=True),
    sa.Column('paid_vnd', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.String(length=300), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('flag_reason', sa.String(length=300), nullable=False),
    sa.Column('flagged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('amount_vnd >= 0', name=op.f('ck_card_checkout_amount_not_negative')),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_card_checkout_order_id_orders'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['payment_id'], ['payment.id'], name=op.f('fk_card_checkout_payment_id_payment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resolved_by'], ['user_account.id'], name=op.f('fk_card_checkout_resolved_by_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_card_checkout')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_card_checkout_idempotency_key')),
    sa.UniqueConstraint('payment_id', 'attempt', name='uq_card_checkout_payment_attempt'),
    sa.UniqueConstraint('session_id', name=op.f('uq_card_checkout_session_id'))
    )
    with op.batch_alter_table('card_checkout', schema=None) as batch_op:
        batch_op.create_index('ix_card_checkout_flagged', ['flagged_at', 'resolved_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_card_checkout_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_card_checkout_payment_id'), ['payment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_card_checkout_payment_intent_id'), ['payment_intent_id'], unique=False)

    op.create_table('refund',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('payment_id', sa.Integer(), nullable=False),
    sa.Column('checkout_id', sa.Integer(), nullable=True),
    sa.Column('shop_order_id', sa.Integer(), nullable=True),
    sa.Column('amount_vnd', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.Column('status', sa.Enum('pending', 'submitted', 'succeeded', 'failed', name='refundstatus', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('idempotency_key', sa.String(length=80), nullable=False),
    sa.Column('stripe_refund_id', sa.String(length=255), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.String(length=300), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('succeeded_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('amount_vnd > 0', name=op.f('ck_refund_amount_positive')),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_refund_actor_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['checkout_id'], ['card_checkout.id'], name=op.f('fk_refund_checkout_id_card_checkout'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['payment_id'], ['payment.id'], name=op.f('fk_refund_payment_id_payment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['shop_order_id'], ['shop_order.id'], name=op.f('fk_refund_shop_order_id_shop_order'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_refund')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_refund_idempotency_key')),
    sa.UniqueConstraint('stripe_refund_id', name=op.f('uq_refund_stripe_refund_id'))
    )
    with op.batch_alter_table('refund', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_refund_checkout_id'), ['checkout_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_refund_payment_id'), ['payment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_refund_shop_order_id'), ['shop_order_id'], unique=False)
        batch_op.create_index('ix_refund_status', ['status'], unique=False)

    op.create_table('ledger_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('producer_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('sale', 'commission', 'refund', 'commission_reversal', 'cod_cash', name='entrykind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('amount_vnd', sa.Integer(), nullable=False),
    sa.Column('dedupe_key', sa.String(length=80), nullable=False),
    sa.Column('shop_order_id', sa.Integer(), nullable=True),
    sa.Column('refund_id', sa.Integer(), nullable=True),
    sa.Column('payout_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['payout_id'], ['payout.id'], name=op.f('fk_ledger_entry_payout_id_payout')),
    sa.ForeignKeyConstraint(['producer_id'], ['producer.id'], name=op.f('fk_ledger_entry_producer_id_producer')),
    sa.ForeignKeyConstraint(['refund_id'], ['refund.id'], name=op.f('fk_ledger_entry_refund_id_refund')),
    sa.ForeignKeyConstraint(['shop_order_id'], ['shop_order.id'], name=op.f('fk_ledger_entry_shop_order_id_shop_order')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_entry')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_ledger_entry_dedupe_key'))
    )
    with op.batch_alter_table('ledger_entry', schema=None) as batch_op:
        batch_op.create_index('ix_ledger_entry_producer_payout', ['producer_id', 'payout_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ledger_entry_shop_order_id'), ['shop_order_id'], unique=False)


def downgrade():
    with op.batch_alter_table('ledger_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ledger_entry_shop_order_id'))
        batch_op.drop_index('ix_ledger_entry_producer_payout')

    op.drop_table('ledger_entry')
    with op.batch_alter_table('refund', schema=None) as batch_op:
        batch_op.drop_index('ix_refund_status')
        batch_op.drop_index(batch_op.f('ix_refund_shop_order_id'))
        batch_op.drop_index(batch_op.f('ix_refund_payment_id'))
        batch_op.drop_index(batch_op.f('ix_refund_checkout_id'))

    op.drop_table('refund')
    with op.batch_alter_table('card_checkout', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_card_checkout_payment_intent_id'))
        batch_op.drop_index(batch_op.f('ix_card_checkout_payment_id'))
        batch_op.drop_index(batch_op.f('ix_card_checkout_order_id'))
        batch_op.drop_index('ix_card_checkout_flagged')

    op.drop_table('card_checkout')
    with op.batch_alter_table('stripe_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stripe_event_order_id'))

    op.drop_table('stripe_event')
    op.drop_table('payout_account')
    with op.batch_alter_table('payout', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payout_producer_id'))
        batch_op.drop_index(batch_op.f('ix_payout_batch_id'))

    op.drop_table('payout')
    op.drop_table('payout_batch')
