"""Importers: public battle datasets turned into records of the format (schema version 2).

Each importer works in two steps, kept apart so that each can be tested alone:

1. ``read(path)`` reads a dataset folder as its authors publish it and returns the records as
   plain Python data (dicts and lists holding exactly the record format's keys);
2. :func:`battles.importers.common.write_records` writes them as YAML files, one per record.

- :mod:`battles.importers.cdb90`: CDB90 (CAA Database of Battles, 1990), as tidied by
  Jeffrey B. Arnold (github.com/jrnold/CDB90);
- :mod:`battles.importers.acw`: American Civil War battle data, by Jeffrey B. Arnold
  (github.com/jrnold/acw_battle_data).

No Typer and no Rich here: the command line (``battles import``) parses, calls, renders.
"""
