"""The ``battles`` program: the console script and ``python -m battles``."""

from typing import NoReturn


def run() -> NoReturn:
    """Run :func:`battles.cli.entry` with the garbage collector off from the first import:
    a short run builds many objects and frees them at exit, with no cycles worth looking
    for; importing Typer, Rich and the model with it on cost about 3 % of a run of ``show``
    (collections while modules load)."""
    import gc

    gc.disable()
    from battles.cli import entry

    entry()


if __name__ == "__main__":
    run()
