"""What the storefront tests share."""
import pytest

from marketplace.catalog import cache


@pytest.fixture
def catalogue_cache(app):
    """The catalogue and page caches switched on, as in production."""
    app.config["CATALOG_CACHE_SECONDS"] = 60
    cache.clear()
    yield
    app.config["CATALOG_CACHE_SECONDS"] = 0
    cache.clear()
