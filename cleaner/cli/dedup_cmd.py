"""(Stub: commands of this area are not written yet.)"""

import click

COMMANDS: list[click.Command] = []
