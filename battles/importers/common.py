"""What both importers share: reading a dataset's tables safely, ids, names, source entries,
and writing the records as YAML files."""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from battles.errors import BattlesError

Record = dict[str, Any]

MAX_TABLE_BYTES = 64 * 1024 * 1024  # the largest table of either dataset is under 5 MB
MAX_FIELD = 100_000  # characters in one cell
# The first line of every file an importer writes: how ``--force`` knows a file is its own.
HEADER = "# Imported by `battles import {dataset}` from {title}"
HEADER_MARK = "# Imported by `battles import "


class DatasetError(BattlesError):
    """A dataset folder is missing a table, or a table cannot be read."""


# -- reading tables ---------------------------------------------------------------------


def _mac_roman(error: UnicodeError) -> tuple[str, int]:
    """Bytes that are not UTF-8, read as Mac Roman (CDB90's commanders.csv holds two)."""
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return bytes(bad).decode("mac_roman"), error.end


codecs.register_error("battles-mac-roman", _mac_roman)


def decode(data: bytes) -> tuple[str, int]:
    """The text of a table, and how many bytes in it were not UTF-8 (read as Mac Roman)."""
    try:
        return data.decode("utf-8-sig"), 0
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8-sig", errors="battles-mac-roman")
    strict = data.decode("utf-8-sig", errors="replace")
    return text, strict.count("\ufffd")


@dataclass
class Table:
    """One CSV table of a dataset: its rows (column name to cell text) and where it is."""

    name: str  # the path inside the dataset folder, as cited: data/battles.csv
    rows: list[dict[str, str]]
    repaired: int = 0  # bytes that were not UTF-8


def read_table(folder: Path, name: str, *, required: bool = True) -> Table:
    """Read ``folder/name`` as CSV: a regular file, at most MAX_TABLE_BYTES, UTF-8 (bytes that
    are not UTF-8 read as Mac Roman and counted)."""
    path = folder / name
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if not required:
            return Table(name, [])
        raise DatasetError(
            f"{path}: not found; is {folder} the dataset folder as published?"
        ) from None
    except OSError as exc:
        raise DatasetError(f"{path}: cannot read: {exc.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise DatasetError(f"{path}: not a regular file")
    if info.st_size > MAX_TABLE_BYTES:
        raise DatasetError(f"{path}: larger than {MAX_TABLE_BYTES // 2**20} MB; not a table")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DatasetError(f"{path}: cannot read: {exc.strerror}") from None
    text, repaired = decode(data)
    csv.field_size_limit(MAX_FIELD)
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        rows = [{k: (v or "").strip() for k, v in row.items() if k is not None} for row in reader]
    except csv.Error as exc:
        raise DatasetError(f"{path}: not a CSV table ({exc})") from None
    return Table(name, rows, repaired)


def read_json(folder: Path, name: str) -> Any:
    path = folder / name
    try:
        if not path.is_file():
            raise DatasetError(f"{path}: not found; is {folder} the dataset folder?")
        if path.stat().st_size > MAX_TABLE_BYTES:
            raise DatasetError(f"{path}: too large")
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DatasetError(f"{path}: cannot read as JSON ({exc})") from None


def package_version(folder: Path) -> str:
    """The dataset's version from its datapackage.json, with the git commit when the folder
    is a clone (read from .git/HEAD, never by running git)."""
    meta = read_json(folder, "datapackage.json")
    version = str(meta.get("version", "")) if isinstance(meta, dict) else ""
    commit = git_commit(folder)
    if commit:
        version = f"{version} (commit {commit})" if version else f"commit {commit}"
    return version or "unknown"


def git_commit(folder: Path) -> str | None:
    head = folder / ".git" / "HEAD"
    try:
        text = head.read_text(encoding="ascii")[:200].strip()
        if text.startswith("ref: "):
            ref = text[5:].strip()
            if ".." in ref:
                return None
            text = (folder / ".git" / ref).read_text(encoding="ascii")[:100].strip()
    except (OSError, UnicodeError):
        return None
    return text if re.fullmatch(r"[0-9a-f]{40}", text) else None


# -- values -----------------------------------------------------------------------------


def to_int(text: str | None) -> int | None:
    """A cell as a whole number (``"11300"``, ``"3e3"``, ``"12.0"``); None when empty or not
    a whole number."""
    if text is None or text == "":
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    if number != number or number in (float("inf"), float("-inf")) or number != int(number):
        return None
    return int(number)


def to_float(text: str | None) -> float | None:
    if text is None or text == "":
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    if number != number or number in (float("inf"), float("-inf")):
        return None
    return int(number) if number == int(number) else number


_SMALL = {"of", "the", "and", "on", "in", "at", "de", "la", "le", "du", "des", "von", "am"}
_ROMAN = re.compile(r"^(?=[ivxlc]+$)c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def title_case(text: str) -> str:
    """A name written in capitals (``THIRTY YEAR'S WAR``) as a title (``Thirty Year's War``);
    Roman numerals stay capitals (``APRILIA II``: ``Aprilia II``)."""
    if not text.isupper():
        return text

    def word(match: re.Match[str]) -> str:
        w = match.group()
        if (_ROMAN.match(w) and len(w) > 1) or w == "I":
            return w
        if match.start() > 0 and w.lower() in _SMALL:
            return w.lower()
        return w[0].upper() + w[1:].lower()

    return _WORD.sub(word, text)


def slug(text: str) -> str:
    from battles.text import slug as make_slug
    from battles.text import transliterate

    return make_slug(transliterate(re.sub("['\u2019]", "", text)))


def unique_ids(wanted: list[tuple[str, list[str]]]) -> list[str]:
    """For each record, its base id or, where several records want the same base, the first
    of its longer candidates that no other record wants. Stable: a record's id depends only on
    the records sharing its base, never on the order of the files."""
    from collections import Counter

    count = Counter(base for base, _ in wanted)
    chosen: list[str] = []
    for base, longer in wanted:
        if count[base] == 1:
            chosen.append(base)
            continue
        rivals = [more for b, more in wanted if b == base]
        for candidate in longer:
            if sum(candidate in more for more in rivals) == 1:
                chosen.append(candidate)
                break
        else:  # pragma: no cover - every importer's last candidate is a unique row key
            raise DatasetError(f"cannot tell apart the records named {base!r}")
    return chosen


def dataset_source(
    source_id: str,
    *,
    title: str,
    authors: list[str],
    version: str,
    table: str,
    row: str,
    url: str,
    note: str | None = None,
) -> Record:
    entry: Record = {
        "id": source_id,
        "kind": "dataset",
        "title": title,
        "authors": list(authors),
        "version": version,
        "table": table,
        "row": row,
        "url": url,
    }
    if note:
        entry["note"] = note
    return entry


# -- writing ----------------------------------------------------------------------------


def to_yaml(record: Record, header: str) -> str:
    import yaml

    body: str = yaml.dump(
        record,
        Dumper=_dumper(),
        sort_keys=False,
        allow_unicode=True,
        width=96,
        default_flow_style=False,
    )
    return f"{header}\n{body}"


def _dumper() -> Any:
    """PyYAML's safe dumper (libyaml's when present) that never writes anchors and aliases:
    each record reads on its own."""
    import yaml

    base = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

    class Dumper(base):  # type: ignore[misc, valid-type]
        def ignore_aliases(self, data: Any) -> bool:
            return True

    return Dumper


def _ours(path: Path) -> str | None:
    try:
        with path.open("rb") as handle:
            first = handle.read(len(HEADER_MARK))
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    if first.decode("utf-8", "replace") == HEADER_MARK:
        return None
    return "was not written by `battles import`"


@dataclass
class Written:
    """What an import wrote."""

    into: Path
    written: list[Path] = field(default_factory=list)


def file_name(record: Record) -> str:
    return f"{record['id']}.yaml"


def write_records(
    records: Iterable[Record],
    into: Path,
    header: str,
    *,
    force: bool,
    step: Callable[[], None] = lambda: None,
) -> Written:
    """Write each record as ``into/<id>.yaml`` (the id key itself left out: the file name
    gives it). Nothing is written when a file exists and ``force`` is off; with ``force``,
    only files an import wrote are replaced."""
    from battles.fsutil import WriteError, atomic_write_text

    chosen = list(records)
    if into.exists() and not into.is_dir():
        raise WriteError(f"{into} is not a directory")
    if not force:
        existing = [into / file_name(r) for r in chosen if os.path.lexists(into / file_name(r))]
        if existing:
            more = f" and {len(existing) - 1} more" if len(existing) > 1 else ""
            raise WriteError(f"{existing[0]}{more} already exist; add --force to replace them")
    else:
        for record in chosen:
            target = into / file_name(record)
            if target.is_file():
                reason = _ours(target)
                if reason is not None:
                    raise WriteError(f"{target} {reason}; not replaced, even with --force")
    try:
        into.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"cannot create {into}: {exc.strerror}") from None
    done = Written(into)
    for record in chosen:
        target = into / file_name(record)
        body = {k: v for k, v in record.items() if k != "id"}
        atomic_write_text(target, to_yaml(body, header), force=force, ours=_ours)
        done.written.append(target)
        step()
    return done
