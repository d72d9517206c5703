"""Thin click layer over the library. (Stub.)"""

import click


@click.group()
def main() -> None:
    """cleaner: article boilerplate cleaner and archiver."""
