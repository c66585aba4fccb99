"""Another process writing the index: ``python -m tests.search._writer ID...`` (one commit each).

Run by test_index_files with DATABASE_URL and SEARCH_INDEX_DIR pointing at the test's own.
"""
import sys

from config import Config
from marketplace import create_app, search


def main(ids: list[int]) -> None:
    app = create_app(Config)
    with app.app_context():
        for product_id in ids:
            search.index_products([product_id])


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]])
