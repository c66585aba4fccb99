"""``flask catalog ...`` commands."""
import click
from flask.cli import AppGroup

from .exceptions import ImportFailed
from .importer import import_catalogue

catalog_cli = AppGroup("catalog", help="Catalogue import.")


@catalog_cli.command("import")
@click.argument("path", type=click.Path())
def import_command(path: str) -> None:
    """Import producers, products and certificates from a catalogue CSV (all or nothing)."""
    try:
        result = import_catalogue(path)
    except ImportFailed as exc:
        for error in exc.errors:
            click.echo(str(error), err=True)
        click.echo(f"Nothing was imported: {len(exc.errors)} error(s).", err=True)
        raise SystemExit(1) from None
    except OSError as exc:
        # Checked here, not by click.Path(exists=True): its usage error would exit 2.
        click.echo(f"Cannot read {path}: {exc.strerror or exc}", err=True)
        raise SystemExit(1) from None
    click.echo(result.summary())
