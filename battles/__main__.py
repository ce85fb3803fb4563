"""``python -m battles``."""

from battles.cli import main

main()
