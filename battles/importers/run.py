"""One import: read a dataset folder, write its records into a directory, and say what was
done (the command line renders the :class:`Summary`)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from battles.errors import UsageError
from battles.importers.common import DatasetError, write_records

DATASETS = ("cdb90", "acw")

Progress = Callable[[int], AbstractContextManager[Callable[[], None]]]


@dataclass(frozen=True)
class Summary:
    dataset: str
    version: str
    records: int
    into: Path
    seconds: float

    def line(self) -> str:
        return (
            f"{self.records} records imported from {self.dataset} {self.version} into "
            f"{self.into} in {self.seconds:.1f} s"
        )


def run(dataset: str, folder: Path, into: Path, *, force: bool, progress: Progress) -> Summary:
    """Import ``dataset`` (cdb90 or acw) from ``folder`` into the directory ``into``."""
    began = time.perf_counter()
    if not folder.is_dir():
        raise DatasetError(f"{folder}: not a directory; give the dataset's folder as published")
    if dataset == "cdb90":
        from battles.importers import cdb90 as module
    elif dataset == "acw":
        from battles.importers import acw as module  # type: ignore[no-redef]
    else:  # pragma: no cover - the command line offers only these
        raise UsageError(f"unknown dataset {dataset!r}; choose {' or '.join(DATASETS)}")
    records = module.read(folder)
    header = module.header(folder)
    with progress(len(records)) as step:
        write_records(records, into, header, force=force, step=step)
    version = header.rsplit(", ", 1)[-1]
    return Summary(dataset, version, len(records), into, time.perf_counter() - began)


def quiet(total: int) -> AbstractContextManager[Callable[[], None]]:
    """No progress shown."""
    from contextlib import contextmanager

    @contextmanager
    def nothing() -> Iterator[Callable[[], None]]:
        yield lambda: None

    return nothing()
