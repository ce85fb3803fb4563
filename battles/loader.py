"""Reading records from files and directories into a :class:`Dataset`.

Each problem becomes a :class:`~battles.errors.DataError` naming file:line:column, the field
path and what was expected. One bad file never hides the good ones: the dataset keeps every
record that loaded and the problems of those that did not.
"""

from __future__ import annotations

import contextlib
import difflib
import errno
import itertools
import os
import re
import stat
import time
import unicodedata
import zlib
from collections.abc import Callable, Generator, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, Union, get_args, get_origin

import msgspec

from battles import model
from battles.dates import PartialDate, parse_date, parse_duration
from battles.errors import DataError, DateError, FigureError, Location
from battles.figures import Figure, parse_figure
from battles.positions import Path as FieldPath
from battles.positions import Positions, format_path
from battles.text import shown_name

if TYPE_CHECKING:
    from battles.belligerents import Belligerents

YAML_SUFFIXES = (".yaml", ".yml")
# The dataset's tables beside its records (see battles.belligerents): not records.
TABLES = ("_belligerents.yaml",)
Owner = TypeVar("Owner", str, tuple[int, int])
# Given how many files are to be read, a context whose function is called as each is done.
Progress = Callable[[int], contextlib.AbstractContextManager[Callable[[int], None]]]
ENV_DATA = "BATTLES_DATA"


def bundled_data_dir() -> Path:
    """The records that ship with the tool: inside the installed package, or the checkout's."""
    here = Path(__file__).resolve().parent
    installed = here / "data"
    return installed if installed.is_dir() else here.parent / "data"


def data_dirs(cli_dirs: Sequence[Path] = (), environ: dict[str, str] | None = None) -> list[Path]:
    """Where records come from: ``--data-dir`` if given, else ``BATTLES_DATA``; else the
    current directory's ``data/`` when it is a battles dataset (a checkout, a curator's
    folder); else the bundled records and, beside them, the user's own (see
    :func:`user_data_dir`) once there are any. The first two replace the bundled records
    rather than adding to them."""
    chosen = _chosen_dirs(cli_dirs, environ)
    if chosen:
        return chosen
    here = local_dataset()
    if here is not None:
        return [here]
    mine = user_data_dir(environ)
    return [bundled_data_dir(), mine] if mine.is_dir() else [bundled_data_dir()]


def _chosen_dirs(cli_dirs: Sequence[Path], environ: dict[str, str] | None) -> list[Path]:
    if cli_dirs:
        return list(cli_dirs)
    env = (os.environ if environ is None else environ).get(ENV_DATA, "")
    return [Path(p) for p in env.split(os.pathsep) if p]


def user_data_dir(environ: dict[str, str] | None = None) -> Path:
    """The user's own records, where ``new``, ``draft`` and ``import`` write when no data
    directory is chosen and the current one holds none: the platform's user data directory
    (platformdirs: ``$XDG_DATA_HOME/battles/records``, by default
    ``~/.local/share/battles/records`` on Linux)."""
    import sys

    env = os.environ if environ is None else environ
    if sys.platform.startswith("linux"):
        # platformdirs' rule on Linux, without importing it on every run (start-up time);
        # a test checks that both agree
        base = env.get("XDG_DATA_HOME", "").strip() or os.path.expanduser("~/.local/share")
        return Path(base) / "battles" / "records"
    import platformdirs

    return platformdirs.user_data_path("battles", appauthor=False) / "records"


def local_dataset(cwd: Path | None = None) -> Path | None:
    """The current directory's ``data/``, when it is a battles dataset: a directory with a
    record in it (a YAML file whose first lines say ``schema_version:``)."""
    folder = (cwd or Path.cwd()) / "data"
    try:
        if not folder.is_dir():
            return None
        names = sorted(n for n in os.listdir(folder) if n.endswith(YAML_SUFFIXES))[:20]
    except OSError:
        return None
    for name in names:
        try:
            with (folder / name).open("rb") as handle:
                head = handle.read(4096)
        except OSError:
            continue
        if re.search(rb"(?m)^schema_version:", head):
            return folder
    return None


def workspace_dir(cli_dirs: Sequence[Path] = (), environ: dict[str, str] | None = None) -> Path:
    """Where new records go (``new``, ``draft``, ``import``): the first ``--data-dir`` or
    ``BATTLES_DATA`` directory; else the current directory's ``data/`` when it is a battles
    dataset; else :func:`user_data_dir`, made when first needed. Never the installed
    package, where an upgrade would lose them."""
    chosen = _chosen_dirs(cli_dirs, environ)
    target = chosen[0] if chosen else local_dataset() or user_data_dir(environ)
    package = Path(__file__).resolve().parent
    resolved = target.resolve()
    if resolved == package or package in resolved.parents:
        from battles.errors import UsageError

        raise UsageError(
            f"{target} is inside the installed package, where an upgrade would lose new "
            "records; choose another directory with --data-dir (or BATTLES_DATA)"
        )
    if not chosen and not target.exists():
        try:
            target.mkdir(parents=True)
        except OSError as exc:
            from battles.errors import UsageError

            raise UsageError(f"cannot make {target}: {exc.strerror or exc}") from None
    return target


class Loaded:
    """A record with the file it came from and, when they were kept, where its values are.

    A record from the cache stays msgpack bytes until something reads ``record``; its id,
    names and digests (see :mod:`battles.digest`) are at hand without decoding it.
    """

    __slots__ = (
        "_digests",
        "_file",
        "_keys",
        "_path",
        "_record",
        "_store",
        "checks",
        "index",
        "key",
        "names",
        "part_of",
        "positions",
    )

    def __init__(
        self,
        record: model.Record | None,
        path: Path | str,
        positions: Positions | None = None,
        *,
        store: Any = None,
        file: Any = None,
        index: int = 0,
    ) -> None:
        self._record = record
        self._store = store
        self._file = file
        self._path = str(path)
        self._digests: dict[int, Any] = {}
        self.index = index  # the record's place in its dataset
        self.checks: tuple[tuple[int, int, str], ...] = ()  # see _draft_checks
        self.positions = positions if positions is not None else Positions()
        if record is not None:
            self.key = record.key
            self.names: tuple[str, ...] = (record.name, *record.aliases)
            self.part_of: tuple[str, ...] = record.part_of
            self._keys: tuple[str, ...] | None = None
        else:
            self.key = file.key
            self.names = file.names
            self.part_of = file.part_of
            self._keys = file.keys

    @property
    def path(self) -> Path:
        return Path(self._path)

    @property
    def shown(self) -> str:
        """The file as messages name it (relative to the working directory when inside it)."""
        return self._path

    @property
    def keys(self) -> tuple[str, ...]:
        """The id, name and aliases as lookups compare them (see :func:`normalise`)."""
        if self._keys is None:
            self._keys = tuple(normalise(n) for n in (self.key, *self.names))
        return self._keys

    @property
    def record(self) -> model.Record:
        if self._record is None:
            self._record = self.read()
        return self._record

    def read(self) -> model.Record:
        """The record, without keeping it decoded (for a pass over every record). A record
        whose cached bytes are damaged is read from its file, and the cache is dropped."""
        if self._record is not None:
            return self._record
        from battles import cache

        try:
            record: model.Record = self._store.decode(self._file.record, model.Record)
        except cache.Damaged:
            self._store.drop()
            return load_file(self.path).record
        return record

    def might_contain(self, wanted: str, pattern: re.Pattern[str] | None = None) -> bool:
        """False only when no text of the record can contain ``wanted`` (normalised): a
        test on the record's cached bytes, without decoding them. msgpack keeps each text
        as its UTF-8 bytes, and UTF-8 resynchronises at the first byte of every text, so
        the bytes read as UTF-8 (what is not UTF-8 left out) hold each text whole, between
        other characters; :func:`normalise` works character by character (a run of spaces
        or hyphens becomes one space), so each normalised text stays a part of the whole."""
        if self._record is not None or self._store is None:
            return True
        from battles import cache

        try:
            text = bytes(self._store.blob(self._file.record)).decode("utf-8", "ignore")
        except cache.Damaged:
            return True
        if pattern is not None:  # an ASCII ``wanted`` (see ascii_pattern)
            return pattern.search(ascii_form(text)) is not None
        return wanted in normalise(text)

    def digest(self, region: int) -> Any:
        """One of the record's digests (by its place in ``cache.REGIONS``): from the cache
        when the record came from there, else derived from the record."""
        if region not in self._digests:
            from battles import cache, digest

            kind, derive = digest.REGIONS[region]
            if self._store is not None:
                try:
                    self._digests[region] = self._store.decode(self._file.digests[region], kind)
                except (cache.Damaged, IndexError):
                    self._store.drop()
                    self._digests[region] = derive(self.record)
            else:
                self._digests[region] = derive(self.record)
        return self._digests[region]

    def peek(self, region: int) -> Any:
        """As :meth:`digest`, without keeping it (for a pass over every record)."""
        if region in self._digests:
            return self._digests[region]
        if self._store is not None:
            from battles import cache, digest

            try:
                return self._store.decode(self._file.digests[region], digest.REGIONS[region][0])
            except (cache.Damaged, IndexError):
                pass
        return self.digest(region)

    def location(self, path: FieldPath, *, key: bool = False) -> Location:
        pos = self.positions.find(path, key=key)
        return Location(
            self._path,
            pos[0] if pos else None,
            pos[1] if pos else None,
            format_path(path) or None,
        )


class Dataset:
    """The records that loaded (in file order), the problems of the files that did not, and
    the files that are not records.

    A dataset read from the cache makes a :class:`Loaded` for a record only when something
    asks for it, and reads each view's digests of all records in one decode.
    """

    def __init__(
        self,
        records: list[Loaded] | None = None,
        problems: list[DataError] | None = None,
        skipped: list[Path] | None = None,
        *,
        store: Any = None,
        kept: list[tuple[int, int]] | None = None,
        shown: Callable[[int, int], str] | None = None,
        places: list[int] | None = None,
    ) -> None:
        self.problems: list[DataError] = problems if problems is not None else []
        self.skipped: list[Path] = skipped if skipped is not None else []
        self._store = store
        self._kept = kept or []  # from the cache: each record's directory and file
        self._shown = shown  # how messages name a directory's file
        self._places = places  # each record's item in the index's lists (None: its index)
        self._entries: list[Loaded | None] = list(records) if records is not None else []
        if store is None:
            for n, entry in enumerate(self._entries):
                assert entry is not None
                entry.index = n
        else:
            self._entries = [None] * len(self._kept)
        self._digests: dict[int, list[Any]] = {}
        self.directories: list[Path] = []  # where the records were read (for the tables)
        self._belligerents: Belligerents | None = None

    def belligerents(self) -> Belligerents:
        """The belligerents' table of the dataset's directories, read when first asked for.
        A table with a problem raises it: a grouping half read would answer wrongly."""
        if self._belligerents is None:
            from battles.belligerents import read_table

            table, problems = read_table(self.directories)
            if problems:
                raise problems[0]
            self._belligerents = table
        return self._belligerents

    def __len__(self) -> int:
        return len(self._entries)

    def entry(self, index: int) -> Loaded:
        found = self._entries[index]
        if found is None:
            d, f = self._kept[index]
            assert self._shown is not None
            file = self._store.index.directories[d].entry(f)
            found = Loaded(None, self._shown(d, f), store=self._store, file=file, index=index)
            self._entries[index] = found
        return found

    @property
    def records(self) -> list[Loaded]:
        return [self.entry(n) for n in range(len(self._entries))]

    def _column(self, items: list[Any]) -> list[Any]:
        """One of the index's lists, by record (leaving out records whose names clash)."""
        return items if self._places is None else [items[n] for n in self._places]

    def lookup_keys(self) -> list[tuple[str, ...]]:
        """Each record's id, name and aliases, normalised (see :func:`normalise`)."""
        if self._store is not None:
            return self._column(self._store.index.keys)
        return [self.entry(n).keys for n in range(len(self))]

    def ids(self) -> list[str]:
        if self._store is not None:
            return self._column(self._store.index.ids)
        return [self.entry(n).key for n in range(len(self))]

    def parts_of(self, key: str) -> list[int]:
        """The records whose ``part_of`` names the record ``key``."""
        if self._store is None:
            return [n for n in range(len(self)) if key in self.entry(n).part_of]
        found = self._store.index.parts.get(key, [])
        if self._places is None:
            return list(found)
        place = {n: i for i, n in enumerate(self._places)}
        return [place[n] for n in found if n in place]

    def candidates(self, wanted: str) -> Sequence[int]:
        """The records that may hold the normalised text ``wanted`` (all of them, without
        a cache): from the cache's index of words, those with a word holding each of its
        words (a text holding ``wanted`` has such words, see ``digest.words``)."""
        if self._store is None:
            return range(len(self))
        from battles.digest import WORDS

        parts = wanted.split(" ")
        every: list[str] = self.digests(WORDS)
        return [n for n, found in enumerate(every) if all(part in found for part in parts)]

    def lookup(self, key: str) -> list[int]:
        """The records whose id, name or an alias is ``key`` (normalised)."""
        return [n for n, keys in enumerate(self.lookup_keys()) if key in keys]

    def by_id(self) -> dict[str, Loaded]:
        return {entry.key: entry for entry in self.records}

    def digests(self, region: int, indexes: Sequence[int] | None = None) -> list[Any]:
        """One digest of each record (by its place in ``cache.REGIONS``), or of the records
        at ``indexes``: a few are read one by one, many in one decode of the whole region."""
        if indexes is not None and region not in self._digests and len(indexes) * 8 < len(self):
            return [self.entry(n).digest(region) for n in indexes]
        every = self._digests.get(region)
        if every is None:
            every = self._digests[region] = self._all_digests(region)
        return every if indexes is None else [every[n] for n in indexes]

    def _all_digests(self, region: int) -> list[Any]:
        from battles import cache, digest

        kind, derive = digest.REGIONS[region]
        if self._store is not None:
            try:
                items = self._store.decode(self._store.index.regions[region], list[kind])  # type: ignore[valid-type]
                items = self._column(items)
                if len(items) == len(self):
                    return items
            except (cache.Damaged, IndexError):
                pass
            self._store.drop()
        return [derive(self.entry(n).record) for n in range(len(self))]


# -- from msgspec's message to ours ------------------------------------------------------

_AT = re.compile(r" - at `\$([^`]*)`")
_TOKEN = re.compile(r"\.([^.\[]+)|\[(\d+)\]")
_TYPE_WORDS = {
    "str": "text",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "array": "a list",
    "object": "a mapping",
    "null": "nothing",
}


def _parse_path(text: str) -> FieldPath:
    return tuple(name if name else int(index) for name, index in _TOKEN.findall(text))


_UNWRAPPED: dict[Any, list[Any]] = {}


def _unwrap(tp: Any) -> list[Any]:
    """The concrete types behind Optional, Annotated and unions (remembered per type)."""
    try:
        return _UNWRAPPED[tp]
    except (KeyError, TypeError):
        pass
    found = _unwrap_now(tp)
    with contextlib.suppress(TypeError):
        _UNWRAPPED[tp] = found
    return found


def _unwrap_now(tp: Any) -> list[Any]:
    origin = get_origin(tp)
    if origin is Union or (origin is not None and str(origin) == "<class 'types.UnionType'>"):
        return [t for arg in get_args(tp) for t in _unwrap_now(arg)]
    if hasattr(tp, "__metadata__"):  # Annotated
        return _unwrap_now(get_args(tp)[0])
    return [tp]


def _type_at(path: FieldPath, root: Any = None) -> Any:
    """The schema type expected at ``path`` in ``root`` (a record unless given; None when
    the path leaves the schema)."""
    current: Any = model.Record if root is None else root
    for part in path:
        nxt: Any = None
        for tp in _unwrap(current):
            if tp is Figure:
                tp = model.FigureSpec
            if isinstance(part, str) and isinstance(tp, type) and issubclass(tp, msgspec.Struct):
                info = _struct_fields(tp)
                if part in info:
                    nxt = info[part]
                    break
            elif isinstance(part, int) and get_origin(tp) is tuple:
                nxt = get_args(tp)[0]
                break
        if nxt is None:
            return None
        current = nxt
    return current


def _fields_at(path: FieldPath, root: Any = None) -> list[str]:
    for tp in _unwrap(_type_at(path, root)):
        if tp is Figure:
            tp = model.FigureSpec
        if isinstance(tp, type) and issubclass(tp, msgspec.Struct):
            return list(_struct_fields(tp))
    return []


def _words(message: str) -> str:
    message = re.sub(
        r"Expected `(\w+)(?: \| null)?`, got `(\w+)`",
        lambda m: f"expected {_TYPE_WORDS.get(m[1], m[1])}, got {_TYPE_WORDS.get(m[2], m[2])}",
        message,
    )
    message = re.sub(
        r"Expected `str` matching regex '\^\[0-9\]\{4\}-[^']*'",
        "expected a day written YYYY-MM-DD (2026-11-30)",
        message,
    )
    message = re.sub(
        r"Expected `(\w+)` matching regex '[^']*'",
        "expected a lowercase id such as 'attack-on-krusevac' (letters, digits and single hyphens)",
        message,
    )
    message = re.sub(
        r"Expected `str` of length <= (\d+)", r"text longer than \1 characters", message
    )
    message = re.sub(
        r"Expected `(\w+)` of length >= (\d+)", r"expected at least \2 entries", message
    )
    message = re.sub(
        r"Invalid enum value ('[^']*'|-?\d+)", r"\1 is not one of the allowed values", message
    )
    return message[:1].lower() + message[1:]


def schema_error(
    exc: msgspec.ValidationError, filename: str, positions: Positions, root: Any = None
) -> DataError:
    """Turn msgspec's message into a located, readable :class:`DataError` (``root``: the
    type the file holds, a record unless given)."""
    root = model.Record if root is None else root
    text = str(exc)
    paths = [_parse_path(p) for p in _AT.findall(text)]
    message = _AT.sub("", text)
    full: FieldPath = ()
    for part in reversed(paths):  # the outermost path comes last
        full += part
    unknown = re.match(r"Object contains unknown field `([^`]*)`", message)
    missing = re.match(r"Object missing required field `([^`]*)`", message)
    if unknown:
        return _unknown_key(unknown[1], full, filename, positions, root)
    if missing:
        return _missing_key(missing[1], full, filename, positions, root)
    hint = _allowed_hint(_type_at(full, root))
    pos = positions.find(full)
    return DataError(_words(message), _loc(filename, pos, format_path(full) or None), hint)


def _unknown_key(
    key: str, path: FieldPath, filename: str, positions: Positions, root: Any
) -> DataError:
    known = _fields_at(path, root)
    close = difflib.get_close_matches(key, known, n=1)
    hint = f"did you mean {close[0]}?" if close else None
    if hint is None and known:
        hint = "known keys: " + ", ".join(known)
    pos = positions.find((*path, key), key=True)
    return DataError(f"unknown key {key!r}", _loc(filename, pos, format_path((*path, key))), hint)


def _missing_key(
    key: str, path: FieldPath, filename: str, positions: Positions, root: Any
) -> DataError:
    allowed = _allowed_hint(_type_at((*path, key), root))
    return DataError(
        f"missing required key {key!r}",
        _loc(filename, positions.find(path), format_path(path) or None),
        allowed,
    )


def _allowed_hint(tp: Any) -> str | None:
    for t in _unwrap(tp):
        if get_origin(t) is not None and str(get_origin(t)) == "typing.Literal":
            return "one of: " + ", ".join(str(a) for a in get_args(t))
    return None


def _loc(filename: str, pos: tuple[int, int] | None, where: str | None) -> Location:
    return Location(filename, pos[0] if pos else None, pos[1] if pos else None, where)


# -- loading ---------------------------------------------------------------------------------


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when it is inside it, as a user typed it
    (the bytes of a name that is not UTF-8 escaped, see :func:`battles.text.shown_name`)."""
    try:
        return shown_name(str(path.resolve().relative_to(Path.cwd())))
    except (ValueError, OSError):
        return shown_name(str(path))


def load_file(
    path: Path, *, positions: bool = False, shown: str | None = None, inside: str | None = None
) -> Loaded:
    """Load one record; raises :class:`DataError` (or :class:`RecordErrors`, with every
    problem in the file) naming file, line, column and field.

    Positions are kept only when asked for (``validate`` needs them for its warnings); a
    file with a problem is parsed again with positions so the message can say where. With
    ``inside`` (a resolved directory), a symbolic link is followed only when it leads to a
    file inside it (see :func:`read_bytes`).
    """
    filename = display_path(path) if shown is None else shown
    return load_bytes(read_bytes(path, filename, inside), path, filename, positions=positions)


def load_bytes(raw: bytes, path: Path, filename: str, *, positions: bool = False) -> Loaded:
    """A record from the bytes of its file (see :func:`load_file`)."""
    from battles.yamlsrc import decode

    text = decode(raw, filename)
    if not positions:
        try:
            return _load(text, path, filename, positions=False)
        except DataError:
            pass  # parse it again, keeping positions, to say where the problem is
    loaded = _load(text, path, filename, positions=True)
    if "# CHECK:" in text:
        loaded.checks = _draft_checks(text)
    return loaded


def _draft_checks(text: str) -> tuple[tuple[int, int, str], ...]:
    """The ``# CHECK:`` comments ``battles draft`` leaves: line, column and reason."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        at = line.find("# CHECK:")
        if at >= 0:
            found.append((number, at + 1, line[at + len("# CHECK:") :].strip()))
    return tuple(found)


_OPEN = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def read_bytes(path: Path, filename: str, inside: str | None = None) -> bytes:
    """The bytes of a record file, read once, and only from a regular file: the file is
    opened without blocking (a FIFO with no writer, a terminal), its type and size are
    checked on the open descriptor, and at most the size limit (and a byte) is read, so
    a device, a FIFO or a file that grows is never read without end. A symbolic link is
    followed only when ``inside`` is None or the file it leads to is in ``inside``."""
    from battles.yamlsrc import MAX_BYTES, too_big

    try:
        try:
            fd = os.open(path, _OPEN | getattr(os, "O_NOFOLLOW", 0))
        except OSError as exc:
            if exc.errno != errno.ELOOP or not os.path.islink(path):
                raise
            if inside is not None and not _leads_inside(path, inside):
                raise DataError(
                    "a symbolic link to a file outside the data directory: not followed",
                    Location(filename),
                    "move the file into the directory, or add --follow-links",
                ) from None
            fd = os.open(path, _OPEN)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                kind = next((k for test, k in _KINDS if test(info.st_mode)), "not a file")
                raise DataError(
                    f"{kind}, not a regular file: not read",
                    Location(filename),
                    "records are regular files",
                )
            if info.st_size > MAX_BYTES:
                too_big(info.st_size, filename)
            chunks = []
            left = MAX_BYTES + 1
            while left > 0:
                chunk = os.read(fd, min(left, 1 << 20))
                if not chunk:
                    break
                chunks.append(chunk)
                left -= len(chunk)
        finally:
            os.close(fd)
    except OSError as exc:
        raise DataError(f"cannot read the file: {exc.strerror}", Location(filename)) from None
    return b"".join(chunks)


def _leads_inside(path: Path, inside: str) -> bool:
    target = os.path.realpath(path)
    return os.path.commonpath([target, inside]) == inside if os.path.isabs(target) else False


def _load(text: str, path: Path, filename: str, *, positions: bool) -> Loaded:
    from battles.yamlsrc import parse

    data, where = parse(text, filename, positions=positions)
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        raise DataError(
            f"a record must be a mapping of keys, but this file holds {kind}",
            Location(filename, 1, 1),
            "start with 'schema_version: 1' and 'name:'",
        )
    if data and not any(key in _struct_fields(model.Record) for key in data):
        # Not a record at all (a file a link led to...): say so, quoting none of it.
        raise DataError(
            "this is not a record: none of its top-level keys is one of the record format",
            Location(filename, 1, 1),
            "a record starts with 'schema_version: 1' and 'name:'",
        )
    problems: list[DataError] = []
    capped = False
    version = data.get("schema_version")
    # A record of schema version 1 keeps to its forms; one whose version is missing or wrong
    # is reported by msgspec, and its dates are read as version 2 reads them.
    ctx = Context(filename, where, problems, version=1 if version == 1 else 2)
    data = prepare(data, model.Record, (), ctx)
    try:
        record = msgspec.convert(data, model.Record)
    except msgspec.ValidationError as exc:
        found = list(
            itertools.islice(
                _schema_errors(data, model.Record, (), filename, where), MAX_PROBLEMS + 1
            )
        )
        capped = len(found) > MAX_PROBLEMS
        del found[MAX_PROBLEMS:]
        if not problems:
            problems = found or [schema_error(exc, filename, where)]
        else:  # keep msgspec's other findings, not its view of the values already reported
            reported = {e.location.field for e in problems}
            problems += [e for e in found if not _within(e.location.field, reported)]
    if problems:
        problems.sort(key=lambda e: (e.location.line or 0, e.location.column or 0))
        raise RecordErrors(problems, capped=capped)
    if record.id is None:
        key = slug(transliterate(path.stem))
        if not key:
            raise DataError(
                "the record has no id, and its file name has no letters to make one from",
                Location(filename, 1, 1),
                "add a line 'id: some-name' (lowercase letters, digits and hyphens)",
            )
        record = msgspec.structs.replace(record, id=key)
    errors = list(_reference_errors(record, ctx))
    errors += _v2_errors(record, ctx)
    if errors:
        errors.sort(key=lambda e: (e.location.line or 0, e.location.column or 0))
        raise RecordErrors(errors)
    return Loaded(record, Path(filename), where)


MAX_PROBLEMS = 200  # schema problems listed for one file (each costs a look at the schema)


class RecordErrors(DataError):
    """Every problem found in one file (of the schema's, the first MAX_PROBLEMS); it reads
    as the first, with a count of the rest."""

    def __init__(self, errors: list[DataError], *, capped: bool = False) -> None:
        self.errors = errors
        first = errors[0]
        more = len(errors) - 1
        hint = first.hint
        if more:
            extra = f"and {more} more problem{'s' if more != 1 else ''} in this file"
            if capped:  # the schema's problems stopped at MAX_PROBLEMS
                extra = f"and more than {more} more problems in this file"
            hint = f"{hint}; {extra}" if hint else extra
        super().__init__(first.message, first.location, hint)


def _schema_errors(
    data: Any, tp: Any, path: FieldPath, filename: str, positions: Positions
) -> Iterator[DataError]:
    """Every schema problem, not just the first: msgspec checks each field on its own,
    and mappings and lists of records are walked so that each entry is checked too.
    Figures and dates are not looked at: :func:`prepare` has read (or reported) them."""
    if any(t is Figure or t is PartialDate or t is model.Duration for t in _unwrap(tp)):
        return
    struct = next(
        (t for t in _unwrap(tp) if isinstance(t, type) and issubclass(t, msgspec.Struct)), None
    )
    items = next((t for t in _unwrap(tp) if get_origin(t) is tuple), None)
    if struct is not None and isinstance(data, dict):
        fields = _field_infos(struct)
        for key, value in data.items():
            if key not in fields:
                yield _unknown_key(key, path, filename, positions, model.Record)
            else:
                yield from _schema_errors(
                    value, fields[key].type, (*path, key), filename, positions
                )
        for name, info in fields.items():
            if info.required and name not in data:
                yield _missing_key(name, path, filename, positions, model.Record)
        return
    if items is not None and isinstance(data, list):
        args = get_args(items)
        if len(args) == 2 and args[1] is Ellipsis:
            try:  # the list itself (its length)
                msgspec.convert(data, tp)
            except msgspec.ValidationError as exc:
                if not str(exc).startswith("Expected `array` of length"):
                    for i, item in enumerate(data):
                        yield from _schema_errors(item, args[0], (*path, i), filename, positions)
                    return
                yield _prefixed(exc, path, filename, positions)
            return
    try:
        msgspec.convert(data, tp)
    except msgspec.ValidationError as exc:
        yield _prefixed(exc, path, filename, positions)


def _prefixed(
    exc: msgspec.ValidationError, path: FieldPath, filename: str, positions: Positions
) -> DataError:
    """``exc`` as if it had been raised at ``path`` in the whole record."""
    prefix = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
    text = str(exc)
    if " - at `$" in text:
        last = text.rindex(" - at `$")
        text = text[:last] + " - at `" + prefix + text[last + len(" - at `$") :]
    elif path:
        text += f" - at `{prefix}`"
    return schema_error(msgspec.ValidationError(text), filename, positions)


def _reference_errors(record: model.Record, ctx: Context) -> Iterator[DataError]:
    """Cross-references inside one record, from what :func:`prepare` collected: the sources
    cited and the sides named must exist, and side ids must differ."""
    sources = {s.id for s in record.sources}
    side_ids = [s.id for s in record.sides]
    seen: set[str] = set()
    for i, side_id in enumerate(side_ids):
        if side_id in seen:
            yield ctx.error(
                ("sides", i, "id"),
                f"two sides share the id {side_id!r}",
                "give each side its own id",
            )
        seen.add(side_id)
    # A close match is looked for among the sources for the first few ids only: each look
    # costs as much as there are sources, and a file of thousands would take minutes.
    hints: dict[str, str] = {}
    ordered = sorted(sources)
    looks = min(20, _CLOSE_BUDGET // max(len(ordered), 1))
    for at, ref in ctx.cites:
        if ref not in sources:
            hint = hints.get(ref)
            if hint is None:
                close = difflib.get_close_matches(ref, ordered, n=1) if len(hints) < looks else []
                hint = hints[ref] = (
                    f"did you mean {close[0]}?"
                    if close
                    else "add it under sources: with an id, a title and a url or file"
                )
            yield ctx.error(at, f"cites {ref!r}, which is not in the record's sources", hint)
    allowed = "one of: " + ", ".join(side_ids[:20]) + (", ..." if len(side_ids) > 20 else "")
    for at, side in ctx.sides:
        if side not in seen:
            yield ctx.error(at, f"names side {side!r}, which the record does not have", allowed)


_CLOSE_BUDGET = 4000  # source ids compared in all, for the hints of one file


def _equipment_lists(
    record: model.Record,
) -> Iterator[tuple[FieldPath, tuple[model.Equipment | model.EquipmentLoss, ...]]]:
    """Every list of equipment in a record, with its path."""
    blocks: list[tuple[FieldPath, model.Casualties | None]] = [
        (("civilians",), record.civilians),
        (("losses",), record.losses),
    ]
    for i, side in enumerate(record.sides):
        yield ("sides", i, "equipment"), side.equipment
        blocks.append((("sides", i, "casualties"), side.casualties))
    for i, phase in enumerate(record.phases):
        for j, ps in enumerate(phase.sides):
            yield ("phases", i, "sides", j, "equipment"), ps.equipment
            blocks.append((("phases", i, "sides", j, "casualties"), ps.casualties))
    for path, cas in blocks:
        if cas is not None and cas.equipment:
            yield (*path, "equipment"), cas.equipment


def _v2_errors(record: model.Record, ctx: Context) -> list[DataError]:
    """The rules of schema version 2 that its classes cannot say: the version a key needs,
    a further strength's ``counts``, an ``other`` kind's label, the sides a winner,
    surprise or air superiority names."""
    from battles.versions import version_errors

    errors = [ctx.error(path, message, hint) for path, message, hint in version_errors(record)]
    side_ids = {side.id for side in record.sides}
    allowed = "a side's id (" + ", ".join(sorted(side_ids)[:20]) + ") or none"
    named: list[tuple[FieldPath, str | None]] = []
    if record.result is not None:
        named.append((("result", "winner"), record.result.winner))
    conditions = record.conditions
    if conditions is not None:
        for key in ("surprise", "air_superiority"):
            found = getattr(conditions, key)
            if found is not None:
                named.append((("conditions", key, "value"), found.value))
    for at, value in named:
        if value is not None and value != model.NO_SIDE and value not in side_ids:
            errors.append(
                ctx.error(at, f"names side {value!r}, which the record does not have", allowed)
            )
    for i, side in enumerate(record.sides):
        for j, fig in enumerate(side.strengths):
            if fig.counts is None:
                errors.append(
                    ctx.error(
                        ("sides", i, "strengths", j),
                        "a further strength must say what it counts",
                        "add counts: initial, engaged, average, peak, final or total",
                    )
                )
    for path, items in _equipment_lists(record):
        for j, item in enumerate(items):
            if item.kind == "other" and item.label is None:
                errors.append(
                    ctx.error(
                        (*path, j), "equipment of kind 'other' needs a label", "add label: ..."
                    )
                )
    return errors


def walk(value: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, Any]]:
    """Every value in a record with its field path, parents before children. Figures, dates
    and lists of source ids are single values."""
    stack: list[tuple[FieldPath, Any]] = [(path, value)]
    while stack:  # depth first with a stack of its own (no chain of generators)
        path, value = stack.pop()
        yield path, value
        if isinstance(value, (Figure, PartialDate)):
            continue
        if isinstance(value, msgspec.Struct):
            names = value.__struct_fields__
            stack.extend(((*path, n), getattr(value, n)) for n in reversed(names))
        elif isinstance(value, tuple) and not (path and path[-1] in model.CITE_FIELDS):
            stack.extend(((*path, i), value[i]) for i in range(len(value) - 1, -1, -1))


def texts(value: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """Every text in a record with its field path, in :func:`walk`'s order; only what can
    hold text is visited (``search`` reads ten thousand records this way)."""
    stack: list[tuple[FieldPath, Any]] = [(path, value)]
    while stack:
        path, value = stack.pop()
        if value.__class__ is str:
            yield path, value
        elif value.__class__ is tuple:
            if not (path and path[-1] in model.CITE_FIELDS):
                stack.extend(
                    ((*path, i), value[i])
                    for i in range(len(value) - 1, -1, -1)
                    if isinstance(value[i], _HOLDS_TEXT)
                )
        elif isinstance(value, msgspec.Struct) and not isinstance(value, (Figure, PartialDate)):
            stack.extend(
                ((*path, n), v)
                for n in reversed(value.__struct_fields__)
                if isinstance(v := getattr(value, n), _HOLDS_TEXT)
            )


_HOLDS_TEXT = (str, tuple, msgspec.Struct)


# -- reading figures, dates and citations before msgspec checks the rest -------------------------


class Context(msgspec.Struct):
    """What :func:`prepare` found on its way: problems, and the references to check."""

    filename: str
    positions: Positions
    problems: list[DataError]
    cites: list[tuple[FieldPath, str]] = msgspec.field(default_factory=list)
    sides: list[tuple[FieldPath, str]] = msgspec.field(default_factory=list)
    version: int = 2  # the record's schema_version: 1 keeps to the forms of version 1

    def error(self, path: FieldPath, message: str, hint: str | None = None) -> DataError:
        pos = self.positions.find(path)
        return DataError(message, _loc(self.filename, pos, format_path(path)), hint)

    def fail(self, path: FieldPath, message: str, hint: str | None = None) -> None:
        self.problems.append(self.error(path, message, hint))


def _is_cites(tp: Any) -> bool:
    metadata = getattr(tp, "__metadata__", ())
    return any(model.CITES_MARK in (getattr(m, "extra", None) or {}) for m in metadata)


_PLANS: dict[Any, tuple[str, Any]] = {}


def _plan(tp: Any) -> tuple[str, Any]:
    """What :func:`prepare` does with a value of type ``tp`` (worked out once per type)."""
    try:
        return _PLANS[tp]
    except (KeyError, TypeError):
        pass
    types = _unwrap(tp)
    plan: tuple[str, Any] = ("keep", None)
    if _is_cites(tp):
        plan = ("cites", None)
    elif Figure in types:
        plan = ("figure", None)
    elif PartialDate in types:
        plan = ("date", None)
    elif model.Duration in types:
        plan = ("duration", None)
    else:
        for t in types:
            if isinstance(t, type) and issubclass(t, msgspec.Struct):
                if t in model.SHORT_FIELD or t is model.Distance:
                    plan = ("short", (_struct_fields(t), t))
                else:
                    plan = ("struct", _struct_fields(t))
                break
            if get_origin(t) is tuple:
                plan = ("tuple", get_args(t)[0])
                break
    with contextlib.suppress(TypeError):
        _PLANS[tp] = plan
    return plan


def prepare(data: Any, tp: Any, path: FieldPath, ctx: Context) -> Any:
    """Turn the short and long forms of figures, dates and citations into their objects,
    guided by the schema type expected at ``path``; everything else is left for msgspec.
    Problems are added to ``ctx`` with their position; the bad value is left in place."""
    if data is None:
        return None
    action, detail = _plan(tp)
    if action == "short":
        detail, struct = detail
        data = _short_form(data, struct, path, ctx)
        action = "struct"
    if action == "struct":
        if not isinstance(data, dict):
            return data
        if "publisher" in detail and "title" in detail:  # a source
            data = _source_numbers(data)
        result = {
            key: prepare(value, detail[key], (*path, key), ctx) if key in detail else value
            for key, value in data.items()
        }
        side = result.get("side")
        if isinstance(side, str) and "side" in detail:  # an event's or a phase's side
            ctx.sides.append(((*path, "side"), side))
        start = result.get("start", result.get("date"))
        end = result.get("end")
        if (
            isinstance(start, PartialDate)
            and isinstance(end, PartialDate)
            and end.last_day() < start.first_day()
        ):
            ctx.fail((*path, "end"), f"ends ({end}) before it starts ({start})", "swap the dates")
        return result
    if action == "tuple":
        if detail is model.Distance and isinstance(data, (str, dict)):
            data = [data]  # one width for the whole front
        if isinstance(data, list):
            return [prepare(value, detail, (*path, i), ctx) for i, value in enumerate(data)]
        return data
    if action == "figure":
        return _prepare_figure(data, path, ctx)
    if action == "date":
        try:
            return parse_date(data, ctx.version)
        except DateError as exc:
            ctx.fail(path, str(exc))
            return data
    if action == "duration":
        return _prepare_duration(data, path, ctx)
    if action == "cites":
        refs = [data] if isinstance(data, str) else data
        if isinstance(refs, list):
            ctx.cites += [(path, ref) for ref in refs if isinstance(ref, str)]
        return refs
    return data


_AS_TEXT = ("page", "row")


def _source_numbers(data: dict[str, Any]) -> dict[str, Any]:
    """A source's page or row given as a whole number (``page: 112``, ``row: 7``) is read
    as its text."""
    if not any(type(data.get(key)) is int for key in _AS_TEXT):
        return data
    return {k: str(v) if k in _AS_TEXT and type(v) is int else v for k, v in data.items()}


_DISTANCE = re.compile(r"\s*([0-9]{1,6}(?:\.[0-9]{1,3})?)\s*(km|mi|m)\s*\Z")


def _short_form(data: Any, struct: type, path: FieldPath, ctx: Context) -> Any:
    """A value of schema version 2 written in its short form, as its long form: a word or a
    list of words (``terrain: [rugged, wooded]``), a side id (``surprise: germans``), a
    place's other name as text, a distance as ``3.7 km``, a posture as text."""
    if isinstance(data, dict):
        value = data.get("value")
        if struct is model.SeasonCondition and isinstance(value, str):
            data = {**data, "value": model.SEASON_WORDS.get(value, value)}
        elif struct in model.SHORT_FIELD and isinstance(value, str):
            wanted = _struct_fields(struct)[model.SHORT_FIELD[struct]]
            if any(get_origin(t) is tuple for t in _unwrap(wanted)):
                data = {**data, "value": [value]}  # one word of a list
        return data
    if struct is model.Distance:
        match = _DISTANCE.match(data) if isinstance(data, str) else None
        if match is None:
            ctx.fail(path, "expected a distance such as '3.7 km' (km, mi or m), or its long form")
            return data
        return {"value": float(match[1]), "unit": match[2]}
    if struct is model.PostureCondition and isinstance(data, str):
        return {"text": data}
    field = model.SHORT_FIELD[struct]
    if struct is model.SeasonCondition and isinstance(data, str):
        data = model.SEASON_WORDS.get(data, data)
    wanted = _struct_fields(struct)[field]
    if any(get_origin(t) is tuple for t in _unwrap(wanted)) and not isinstance(data, list):
        data = [data]
    return {field: data}


def _prepare_figure(data: Any, path: FieldPath, ctx: Context) -> Any:
    if not isinstance(data, dict):
        try:
            return parse_figure(data)
        except FigureError as exc:
            ctx.fail(path, str(exc))
            return data
    before = len(ctx.problems)
    spec_data = prepare(data, model.FigureSpec, path, ctx)
    if len(ctx.problems) > before:
        return data
    try:
        spec = msgspec.convert(spec_data, model.FigureSpec)
    except msgspec.ValidationError:
        ctx.problems.extend(
            _schema_errors(spec_data, model.FigureSpec, path, ctx.filename, ctx.positions)
        )
        return data
    try:
        return model.figure_from_spec(spec)
    except FigureError as exc:
        ctx.fail((*path, "error") if spec.error is not None else path, str(exc))
        return data


def _prepare_duration(data: Any, path: FieldPath, ctx: Context) -> Any:
    """``duration: 3 days`` or ``{value: 3 days, text, note, source}`` (schema version 2)."""
    if ctx.version == 1:
        ctx.fail(
            path,
            "the key 'duration' needs schema_version: 2, and this record says schema_version: 1",
            "change the record to schema_version: 2",
        )
        return data
    long = isinstance(data, dict)
    before = len(ctx.problems)
    spec_data = prepare(data if long else {"value": data}, model.DurationSpec, path, ctx)
    if len(ctx.problems) > before:
        return data
    try:
        spec = msgspec.convert(spec_data, model.DurationSpec)
    except msgspec.ValidationError:
        if not long:  # not text: say what a duration is
            ctx.fail(path, f"expected a duration such as 3 days, got {type(data).__name__}")
        else:
            ctx.problems.extend(
                _schema_errors(spec_data, model.DurationSpec, path, ctx.filename, ctx.positions)
            )
        return data
    try:
        low, high, unit = parse_duration(spec.value)
    except DateError as exc:
        ctx.fail((*path, "value") if long else path, str(exc))
        return data
    return model.Duration(
        low=low,
        high=high,
        unit=unit,
        text=spec.text,
        note=spec.note,
        source=spec.source,
    )


_FIELDS: dict[type, dict[str, Any]] = {}
_INFOS: dict[type, dict[str, Any]] = {}


def _field_infos(struct: type) -> dict[str, Any]:
    """msgspec's FieldInfo of each field, by name (worked out once per class: msgspec
    evaluates the annotations anew on every call, a millisecond a time)."""
    found = _INFOS.get(struct)
    if found is None:
        found = _INFOS[struct] = {f.name: f for f in msgspec.structs.fields(struct)}
    return found


def _struct_fields(struct: type) -> dict[str, Any]:
    found = _FIELDS.get(struct)
    if found is None:
        found = _FIELDS[struct] = {name: f.type for name, f in _field_infos(struct).items()}
    return found


_STEP = re.compile(r"[.\[]")


def _within(field: str | None, reported: set[str | None]) -> bool:
    """Whether ``field`` is one of ``reported`` or inside one of them (``sides[0].x`` is
    inside ``sides[0]`` and ``sides``): a look-up of each of its parents."""
    if field in reported:
        return True
    if not field:
        return None in reported
    return any(field[: m.start()] in reported for m in _STEP.finditer(field))


def record_files(directory: Path) -> tuple[list[str], list[Path]]:
    """The names of a directory's YAML files (sorted), and the other files it skips; for a
    YAML file, its own name."""
    if not directory.exists():
        raise DataError(
            "the data directory does not exist",
            Location(str(directory)),
            "check --data-dir or BATTLES_DATA",
        )
    if not directory.is_dir():
        if directory.suffix in YAML_SUFFIXES:
            return [directory.name], []
        raise DataError("not a directory or a .yaml file", Location(str(directory)))
    try:
        names = sorted(os.listdir(directory))
    except OSError as exc:
        raise DataError(
            f"cannot read the directory: {exc.strerror}", Location(str(directory))
        ) from None
    files = [n for n in names if n.endswith(YAML_SUFFIXES) and n[:1] != "." and n not in TABLES]
    skipped = [
        directory.joinpath(n) for n in names if not n.endswith(YAML_SUFFIXES) and n[:1] != "."
    ]
    return files, skipped


class _Listing(msgspec.Struct):
    """One data directory (or file) as listed now: its record files and their stats."""

    resolved: str  # the directory or file, resolved (the cache's key for it)
    folder: str  # the directory the files are in
    names: list[str]
    stats: list[tuple[int, int, int, int] | None]
    shown_dir: str | None  # how messages name the directory (None: a single file)
    inside: str | None  # where links may lead (None: anywhere; see read_bytes)

    def path(self, n: int) -> Path:
        return Path(os.path.join(self.folder, self.names[n]))

    def shown(self, n: int) -> str:
        if self.shown_dir is None:
            return display_path(self.path(n))
        return shown_name(os.path.join(self.shown_dir, self.names[n]))


def _utf8(resolved: str, names: list[str]) -> bool:
    """Whether a directory's path and its files' names are all UTF-8 text."""
    joined = resolved + "".join(names)
    if joined.isascii():
        return True
    try:
        joined.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _stats(folder: str, names: list[str]) -> list[tuple[int, int, int, int] | None]:
    """Each file's size, modification and change times and inode (None: cannot stat).
    Through a descriptor of the directory where the system allows it (fewer path lookups)."""
    from battles.cache import stat_key

    found: list[tuple[int, int, int, int] | None] = []
    fd: int | None = None
    if os.stat in os.supports_dir_fd:
        with contextlib.suppress(OSError):
            fd = os.open(folder, os.O_RDONLY)
    try:
        for name in names:
            try:
                if fd is not None:
                    found.append(stat_key(os.stat(name, dir_fd=fd)))
                else:
                    found.append(stat_key(os.stat(os.path.join(folder, name))))
            except OSError:
                found.append(None)
    finally:
        if fd is not None:
            os.close(fd)
    return found


def load(
    paths: Sequence[Path],
    *,
    positions: bool = False,
    use_cache: bool = False,
    follow_links: bool = False,
    progress: Progress | None = None,
) -> Dataset:
    """Load every record under ``paths``, keeping going past bad files. With ``use_cache``,
    files that have not changed since the last run come from the cache (see
    :mod:`battles.cache`); when no file changed, nothing is worked out again. Files read
    anew are parsed on every core when there are many (see :func:`workers`); ``progress``,
    given how many, makes a context whose function is called as each one is done.

    A symbolic link in a data directory is followed only when the file it leads to is in
    the same directory (or below it), unless ``follow_links``; a file named on its own is
    read wherever it is. Names that are not UTF-8 are read, and shown escaped (``\xff``);
    such a dataset is read without the cache, which holds text only."""
    listed_at = time.time_ns()
    skipped: list[Path] = []
    listings: list[_Listing] = []
    seen: set[tuple[str, str]] = set()  # a file named twice (a directory and a file in it)
    for directory in paths:
        names, other = record_files(directory)
        skipped.extend(other)
        is_dir = directory.is_dir()
        folder = str(directory) if is_dir else os.path.dirname(directory) or "."
        resolved = str(directory.resolve())
        if len(paths) > 1:  # ... is read once
            real = resolved if is_dir else os.path.dirname(resolved)
            names = [n for n in names if (real, n) not in seen]
            seen.update((real, n) for n in names)
        if use_cache and not _utf8(resolved, names):
            use_cache = False
        stats = _stats(folder, names) if use_cache else []
        shown_dir = display_path(directory) if is_dir else None
        inside = resolved if is_dir and not follow_links else None
        listings.append(_Listing(resolved, folder, names, stats, shown_dir, inside))
    directories = [p for p in paths if p.is_dir()]
    if not use_cache:
        dataset = _load_files(listings, skipped, positions)
        dataset.directories = directories
        return dataset
    from battles import cache

    where: Path | None = cache.cache_path(list(paths), follow_links=follow_links)
    assert where is not None
    if not cache.usable_dir(where.parent):
        where = None  # not a directory the user alone can write: build in memory
    store = cache.read(where) if where is not None else None
    if store is None or not _unchanged(store.index, listings) or not _racy_fresh(store, listings):
        try:
            store = _build(listings, store, where, listed_at, progress)
        except OSError:  # the cache cannot be written (a full disk...): build it in memory
            store = _build(listings, store, None, listed_at, progress)
    dataset = _from_store(store, listings, skipped)
    dataset.directories = directories
    return dataset


def _content_crc(listing: _Listing, n: int) -> int:
    """The CRC-32 of a file's bytes, as the cache records it (-1: the file cannot be read)."""
    try:
        return zlib.crc32(read_bytes(listing.path(n), listing.shown(n), listing.inside))
    except DataError:
        return -1


def _racy_fresh(store: Any, listings: list[_Listing]) -> bool:
    """Whether the files the cache saw modified near its build (whose stats cannot show a
    later edit in the same second, see cache.RACY_NS) still hold what it read, and the
    cache need not be built again to stop checking them."""
    from battles import cache

    index = store.index
    newest = 0
    for d, f in index.racy:
        try:
            entry = index.directories[d].entry(f)
        except cache.Damaged:
            return False
        if _content_crc(listings[d], f) != entry.crc:
            return False
        stat = listings[d].stats[f]
        newest = max(newest, stat[1] if stat is not None else 0)
    # Once the racy files are older than the margin, a new build stops checking them.
    return not index.racy or time.time_ns() - cache.RACY_NS <= newest


def _load_files(listings: list[_Listing], skipped: list[Path], positions: bool) -> Dataset:
    records: list[Loaded] = []
    problems: list[DataError] = []
    owners: dict[str, str] = {}
    for listing in listings:
        for n in range(len(listing.names)):
            path = listing.path(n)
            try:
                entry = load_file(
                    path, positions=positions, shown=listing.shown(n), inside=listing.inside
                )
            except DataError as exc:
                problems.append(exc)
                continue
            clash = _claim(entry.key, entry.names, entry.keys, entry.shown, owners)
            if clash is not None:
                name, field, owner = clash
                location = entry.location(field)
                if location.line is None:  # read without positions
                    location = _clash_location(path, entry.shown, field)
                problems.append(_clash_error(name, owner, location))
                continue
            records.append(entry)
    return Dataset(records, problems, skipped)


def _unchanged(index: Any, listings: list[_Listing]) -> bool:
    """Whether the cache saw exactly these files, with these stats."""
    from battles.cache import pack_stats

    if len(index.directories) != len(listings):
        return False
    for directory, listing in zip(index.directories, listings, strict=True):
        if directory.path != listing.resolved or directory.names != listing.names:
            return False
        if directory.stats != pack_stats(listing.stats):
            return False
    return True


def _build(
    listings: list[_Listing],
    previous: Any,
    where: Path | None,
    built: int,
    progress: Progress | None = None,
) -> Any:
    """Write a new cache file (in memory when ``where`` is None): unchanged files' blobs are
    copied from the previous one, the others are read (racy ones too, see
    :func:`_racy_fresh`); then every name is claimed, as :func:`_load_files` does."""
    from battles import cache

    old: dict[str, dict[str, Any]] = {}
    if previous is not None:
        racy = {(d, f) for d, f in previous.index.racy}
        for d, directory in enumerate(previous.index.directories):
            try:
                old[directory.path] = {
                    name: entry
                    for f, (name, entry) in enumerate(
                        zip(directory.names, directory.entries(), strict=True)
                    )
                    if (d, f) not in racy
                }
            except (msgspec.DecodeError, msgspec.ValidationError, ValueError):
                old[directory.path] = {}
    writer = cache.Writer(where, built)
    # The files to read anew: parsed on every core (see _parsed), written here in order.
    fresh = [
        (listing.path(f), stat, listing.shown(f), listing.inside)
        for listing in listings
        for f, (name, stat) in enumerate(zip(listing.names, listing.stats, strict=True))
        if not _reusable(old.get(listing.resolved, {}).get(name), stat)
    ]
    parsed = _parsed(fresh, workers())
    steps = contextlib.ExitStack()
    step = steps.enter_context(progress(len(fresh))) if progress is not None else None
    try:
        directories: list[tuple[str, list[str], list[Any], list[cache.FileEntry]]] = []
        loaded: list[tuple[int, int]] = []
        clashes: list[cache.Clash] = []
        owners: dict[str, tuple[int, int]] = {}
        for d, listing in enumerate(listings):
            known = old.get(listing.resolved, {})
            entries: list[cache.FileEntry] = []
            for f, (name, stat) in enumerate(zip(listing.names, listing.stats, strict=True)):
                path, shown = listing.path(f), listing.shown(f)
                entry: Any = None
                blobs: tuple[bytes, ...] = ()
                if _reusable(known.get(name), stat):
                    entry, blobs = _reuse(writer, previous, known[name])
                if entry is None:
                    entry, record, blobs = (
                        next(parsed)
                        if not _reusable(known.get(name), stat)
                        else _parse((path, stat, shown, listing.inside))
                    )
                    if record:
                        entry.record = writer.put(record)
                    if step is not None:
                        step(1)
                entries.append(entry)
                if entry.problems is not None:
                    continue
                loaded.append((d, f))
                writer.add_digests(blobs)
                clash = _claim(entry.key, entry.names, entry.keys, (d, f), owners)
                if clash is not None:
                    name, field, (od, of) = clash
                    at = _clash_location(path, shown, field)
                    clashes.append(cache.Clash(d, f, od, of, name, at.line, at.column, at.field))
            directories.append((listing.resolved, listing.names, listing.stats, entries))
        return writer.finish(directories, loaded, clashes)
    except BaseException:
        writer.abandon()
        raise
    finally:
        parsed.close()
        steps.close()


def _reusable(entry: Any, stat: Any) -> bool:
    """Whether the previous cache's entry for a file holds for it still (the same stat)."""
    return entry is not None and stat is not None and entry.stat == stat


def _reuse(writer: Any, previous: Any, entry: Any) -> tuple[Any, tuple[Any, ...]]:
    """The previous cache's entry for a file that has not changed, its blobs copied (None
    when they are damaged: the file is read again)."""
    from battles import cache

    if entry.problems is not None:
        return entry, ()
    try:
        record = previous.blob(entry.record)
        blobs = tuple(previous.blob(span) for span in entry.digests)
    except cache.Damaged:
        return None, ()
    if len(blobs) != len(cache.REGIONS):
        return None, ()
    entry.record = writer.put(record)
    return entry, blobs


ENV_WORKERS = "BATTLES_WORKERS"
PARALLEL_FROM = 200  # files to read before a first run parses them on several cores


def workers(environ: dict[str, str] | None = None) -> int:
    """How many processes parse the files of a first run: ``BATTLES_WORKERS`` when it is a
    whole number from 1, else one for each core this process may run on."""
    chosen = (os.environ if environ is None else environ).get(ENV_WORKERS, "")
    if chosen.isdecimal() and int(chosen) >= 1:
        return min(int(chosen), 64)
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except (AttributeError, OSError):  # not on every system
        return max(os.cpu_count() or 1, 1)


Job = tuple[Path, Any, str, str | None]  # a file to read: path, stat, name shown, inside


def _parsed(jobs: list[Job], count: int) -> Generator[tuple[Any, bytes, tuple[bytes, ...]]]:
    """Each file of ``jobs`` parsed (see :func:`_parse`), in order. Many files are parsed in
    a pool of ``count`` processes, which return bytes only (the cache is written by this
    process alone); few files, or one worker, in this process."""
    if count <= 1 or len(jobs) < PARALLEL_FROM:
        yield from map(_parse, jobs)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    # Forking is cheapest: the workers have every module this one has loaded.
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = ProcessPoolExecutor(max_workers=min(count, len(jobs)), mp_context=context)
    try:
        yield from pool.map(_parse, jobs, chunksize=16)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _parse(job: Job) -> tuple[Any, bytes, tuple[bytes, ...]]:
    """A file read anew: its entry (with its problems, if it did not load), its record as
    msgpack (empty if it did not load) and its digests (see :mod:`battles.digest`). The
    record's span in the cache is the writer's to fill in."""
    from battles import cache, digest

    path, stat, shown, inside = job
    stat = stat or (0, 0, 0, 0)  # as cache.pack_stats records a file it cannot stat
    crc = -1
    try:
        raw = read_bytes(path, shown, inside)
        crc = zlib.crc32(raw)
        loaded = load_bytes(raw, path, shown)
    except DataError as exc:
        found = exc.errors if isinstance(exc, RecordErrors) else [exc]
        problems = [
            cache.Problem(e.message, e.location.line, e.location.column, e.location.field, e.hint)
            for e in found
        ]
        return cache.FileEntry(path.name, stat, problems, crc=crc), b"", ()
    record = loaded.record
    entry = cache.FileEntry(
        path.name,
        stat,
        None,
        record.key,
        loaded.names,
        record.part_of,
        loaded.keys,
        crc=crc,
    )
    return (
        entry,
        cache.encode(record),
        tuple(cache.encode(derive(record)) for _, derive in digest.REGIONS),
    )


def _from_store(store: Any, listings: list[_Listing], skipped: list[Path]) -> Dataset:
    """The dataset as the cache's index records it."""
    index = store.index

    def shown(d: int, f: int) -> str:
        return listings[d].shown(f)

    found: list[tuple[int, int, DataError]] = []
    for d, f in index.failed:
        each = [
            DataError(p.message, Location(shown(d, f), p.line, p.column, p.field), p.hint)
            for p in index.directories[d].entry(f).problems or ()
        ]
        found.append((d, f, RecordErrors(each) if len(each) > 1 else each[0]))
    clashed = set()
    for c in index.clashes:
        clashed.add((c.directory, c.file))
        location = Location(shown(c.directory, c.file), c.line, c.column, c.field)
        found.append(
            (c.directory, c.file, _clash_error(c.name, shown(c.owner, c.owner_file), location))
        )
    found.sort(key=lambda item: (item[0], item[1]))
    places: list[int] | None = None
    kept = index.loaded
    if clashed:
        places = [n for n, df in enumerate(index.loaded) if df not in clashed]
        kept = [index.loaded[n] for n in places]
    return Dataset(
        problems=[e for _, _, e in found],
        skipped=skipped,
        store=store,
        kept=kept,
        shown=shown,
        places=places,
    )


def _claim(
    key: str, names: tuple[str, ...], keys: tuple[str, ...], mine: Owner, owners: dict[str, Owner]
) -> tuple[str, FieldPath, Owner] | None:
    """Ids and aliases are unique across files: what a user types must find one record.
    Claims the record's id and aliases, or returns the first taken: (name, field, owner)."""
    wanted: list[tuple[str, FieldPath]] = [(key, ("id",))]
    wanted += [(alias, ("aliases", i)) for i, alias in enumerate(names[1:])]
    normalised = [keys[0], *keys[2:]]  # the id and the aliases; the name may repeat
    for (name, where), norm in zip(wanted, normalised, strict=True):
        owner = owners.get(norm)
        if owner is not None and owner != mine:
            return name, where, owner
    for norm in normalised:
        owners[norm] = mine
    return None


def _clash_location(path: Path, shown: str, field: FieldPath) -> Location:
    """Where a clashing name is, read again with positions."""
    with contextlib.suppress(DataError):
        return load_file(path, positions=True, shown=shown).location(field)
    return Location(shown, None, None, format_path(field))


def _clash_error(name: str, owner: str, location: Location) -> DataError:
    return DataError(
        f"{name!r} is already the id or an alias of {owner}",
        location,
        "ids and aliases must be unique",
    )


_SEPARATORS = re.compile(r"[\s_\-–—]+")
# The format characters (Unicode's category Cf, as of Unicode 14), which show nothing or
# reorder the text around them: zero-width spaces and joiners, bidirectional controls, the
# BOM, the soft hyphen, tags... A lookup leaves them out, so "Kru\u200bsevac" is no other name
# than "Krusevac".
_INVISIBLE = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f]"
)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _unmarked(match: re.Match[str]) -> str:
    char = match.group()
    return "" if unicodedata.combining(char) else char


def normalise(text: str) -> str:
    """What lookups compare: no accents, no case, spaces/hyphens/underscores alike."""
    if text.isascii():  # the common case: nothing to decompose
        return _SEPARATORS.sub(" ", text.lower()).strip()
    text = _INVISIBLE.sub("", text)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = _NON_ASCII.sub(_unmarked, decomposed)  # drop the accents (combining marks)
    plain = plain.replace("đ", "dj").replace("ł", "l").replace("ø", "o")
    plain = plain.translate(_CYRILLIC)  # Крушевац and Kruševac are one name
    return _SEPARATORS.sub(" ", plain).strip()


def ascii_form(text: str) -> str:
    """:func:`normalise`'s result, ASCII only and found faster: the other characters are
    left out (which can only bring more text together), and spaces, hyphens and underscores
    become spaces without a run of them becoming one. So a normalised ASCII text found in
    ``normalise(text)`` is found in ``ascii_form(text)`` by :func:`ascii_pattern`."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = plain.replace("đ", "dj").replace("ł", "l").replace("ø", "o").translate(_CYRILLIC)
    plain = _WIDE_SEPARATORS.sub(" ", plain)  # before the other non-ASCII goes
    return plain.encode("ascii", "ignore").decode("ascii").translate(_TO_SPACE)


# What normalise's pattern [\s_\-–—] matches: \s is every character str.isspace() accepts.
SPACES = (
    "\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
    + "\u2028\u2029\u202f\u205f\u3000"
)
_TO_SPACE = str.maketrans(dict.fromkeys([c for c in SPACES + "_-" if c.isascii()], " "))
_WIDE_SEPARATORS = re.compile("[" + "".join(c for c in SPACES + "–—" if not c.isascii()) + "]")


def ascii_pattern(wanted: str) -> re.Pattern[str]:
    """Finds a normalised ASCII text in :func:`ascii_form`'s result: a space in it stands
    for a run of spaces there."""
    return re.compile(" +".join(re.escape(word) for word in wanted.split(" ")))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalise(text)).strip("-")


# Serbian Cyrillic as Serbian Latin writes it (less the accents), and the other Cyrillic
# letters as their usual Latin spelling: ids made from file names (Крушевац.yaml: krusevac)
# stay ASCII.
_CYRILLIC: dict[int, str] = {
    ord(cyrillic): latin
    for cyrillic, latin in zip(
        "абвгдежзийјклмнопрстуфхцчшыэёіћґ", "abvgdezzijjklmnoprstufhccsyeeicg", strict=True
    )
}
_CYRILLIC.update(
    (ord(pair[0]), pair[1:])
    for pair in ("ђdj", "љlj", "њnj", "џdz", "щsc", "юju", "яja", "єje", "їji")
)
_CYRILLIC.update({ord("ъ"): "", ord("ь"): ""})


def transliterate(text: str) -> str:
    """``text`` with Cyrillic letters in Latin ones (see _CYRILLIC); the rest as it is."""
    if text.isascii():
        return text
    return text.casefold().translate(_CYRILLIC)
