"""``flask search ...`` commands."""
import time

import click
from flask.cli import AppGroup

from .base import SearchUnavailable
from .service import rebuild

search_cli = AppGroup("search", help="Search index.")


@search_cli.command("reindex")
@click.option("--procs", type=click.IntRange(1, 16), default=None,
              help="Indexing processes (Whoosh; default: 2 for large catalogues).")
def reindex_command(procs: int | None) -> None:
    """Rebuild the search index from the database; the site keeps serving the old one meanwhile."""
    started = time.perf_counter()
    try:
        count = rebuild(procs)
    except SearchUnavailable as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Search index rebuilt: {count} products in {time.perf_counter() - started:.1f} s.")


def register(app) -> None:
    """Add ``flask search`` to the app's command line."""
    app.cli.add_command(search_cli)
