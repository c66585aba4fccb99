"""Product reviews (issue 10): one review per delivered order line (rating 1 to 5, plain
text), the producer's one reply, and the office's hiding with a reason.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29 04:55:27.539518

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_line_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('visible', 'hidden', name='reviewstatus', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('hidden_reason', sa.String(length=300), nullable=False),
    sa.Column('hidden_by_id', sa.Integer(), nullable=True),
    sa.Column('hidden_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reply_body', sa.Text(), nullable=False),
    sa.Column('replied_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('replied_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('rating BETWEEN 1 AND 5', name=op.f('ck_review_rating_range')),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_review_author_id_user_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['hidden_by_id'], ['user_account.id'], name=op.f('fk_review_hidden_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['order_line_id'], ['order_line.id'], name=op.f('fk_review_order_line_id_order_line'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_review_product_id_product'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['replied_by_id'], ['user_account.id'], name=op.f('fk_review_replied_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review')),
    sa.UniqueConstraint('order_line_id', name=op.f('uq_review_order_line_id'))
    )
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_review_product_status_created', ['product_id', 'status', 'created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.drop_index('ix_review_product_status_created')
        batch_op.drop_index(batch_op.f('ix_review_author_id'))

    op.drop_table('review')
