"""battles: curated battle records, read and compared in the terminal."""

__version__ = "0.1.0"
