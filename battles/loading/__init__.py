"""Loading: from files and directories to a :class:`Dataset`, one job per module.

- :mod:`~battles.loading.sources`: which directories are read, their record files, the
  bytes of one file (regular files only, bounded);
- :mod:`~battles.loading.yamlsrc`: plain YAML, with the line and column of every value;
- :mod:`~battles.loading.parse`: one file to a :class:`~battles.model.Record` (the short
  forms of figures, dates and citations, then msgspec);
- :mod:`~battles.loading.schema_errors`: msgspec's messages turned into ours (file:line:
  column, field, how to fix); :mod:`~battles.loading.checks`: the checks of one record its
  classes cannot say; :mod:`~battles.loading.traverse`: every value of a record with its path;
- :mod:`~battles.loading.dataset`: :class:`Loaded` and :class:`Dataset`, the lookup keys;
  their records held in memory, or read from the cache file by
  :mod:`~battles.loading.cached` (the same questions, one code path);
- :mod:`~battles.loading.pipeline`: a run (cache, first-run process pool, progress);
- :mod:`~battles.loading.cache` and :mod:`~battles.loading.digest`: what is kept between
  runs, and the small projections of a record (digests) views read instead of records.

Each problem becomes a :class:`~battles.errors.DataError` naming file:line:column, the field
path and what was expected. One bad file never hides the good ones.
"""

from typing import TYPE_CHECKING, Any

from battles.loading.dataset import Dataset, Loaded
from battles.loading.pipeline import ENV_WORKERS, load, workers
from battles.loading.sources import (
    TABLES,
    YAML_SUFFIXES,
    bundled_data_dir,
    data_dirs,
    display_path,
    local_dataset,
    read_bytes,
    record_files,
    user_data_dir,
    workspace_dir,
)

if TYPE_CHECKING:
    from battles.loading.parse import load_bytes, load_file, prepare
    from battles.loading.schema_errors import RecordErrors, schema_error
    from battles.loading.traverse import texts, walk

# Imported when first asked for: a run that reads its records from the cache parses no file
# (start-up).
_LAZY = {
    "load_bytes": "parse",
    "load_file": "parse",
    "prepare": "parse",
    "RecordErrors": "schema_errors",
    "schema_error": "schema_errors",
    "texts": "traverse",
    "walk": "traverse",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


__all__ = [
    "ENV_WORKERS",
    "TABLES",
    "YAML_SUFFIXES",
    "Dataset",
    "Loaded",
    "RecordErrors",
    "bundled_data_dir",
    "data_dirs",
    "display_path",
    "load",
    "load_bytes",
    "load_file",
    "local_dataset",
    "prepare",
    "read_bytes",
    "record_files",
    "schema_error",
    "texts",
    "user_data_dir",
    "walk",
    "workers",
    "workspace_dir",
]
