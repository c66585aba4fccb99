"""``flask search reindex``."""
from tests.factories import make_product
from tests.search.helpers import find


def test_reindex_rebuilds_from_the_database(searching, runner):
    make_product("Chè Tân Cương")
    make_product("Miến dong")
    assert find("mien").total == 0

    result = runner.invoke(args=["search", "reindex"])

    assert result.exit_code == 0, result.output
    assert "2 products" in result.output
    assert find("mien").total == 1
