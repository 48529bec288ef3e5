"""Floor: a click command that prints one coloured line with rich (start-up of Python + click + rich)."""
import click
from rich.console import Console


@click.command()
def main():
    Console(force_terminal=True).print("[bold green]hello[/] [red]world[/]")


main()
