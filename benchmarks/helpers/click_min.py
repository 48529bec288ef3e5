"""Floor: the smallest click command (start-up of Python + click)."""
import click


@click.command()
def main():
    click.echo("hello")


main()
