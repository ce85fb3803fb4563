"""Questions asked of a dataset: finding a record by what a user types, listing and
filtering records. Queries return data; renderers decide how it looks."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import msgspec

from battles import model, tally
from battles.answer import Answer, Forms
from battles.dates import PartialDate
from battles.errors import NotFoundError, UsageError
from battles.loading import Dataset, Loaded
from battles.loading.digest import BRIEF, SEPARATOR, TEXTS, Brief, Searched
from battles.text import normalise

if TYPE_CHECKING:
    from battles.belligerents import Belligerents


def find(dataset: Dataset, query: str) -> Loaded:
    """The one record ``query`` names: by id, name or alias, ignoring case, accents and the
    difference between spaces, hyphens and underscores; else by a unique prefix or word."""
    matches = match(dataset, query)
    if len(matches) == 1:
        return matches[0]
    if matches:
        listed = "; ".join(f"{m.names[0]} ({m.key})" for m in matches)
        raise NotFoundError(
            f"{query!r} matches {len(matches)} records: {listed}. Type more of the name, or the id."
        )
    raise NotFoundError(_no_match(dataset, query))


class ShowResult(Answer, frozen=True):
    """A record with its links resolved: what it is part of, and what is part of it."""

    forms = Forms.split("terminal", "data", "show", "documents:show_markdown")

    record: model.Record
    part_of: list[tuple[str, str | None]]  # (shown text, linked record id or None)
    parts: list[Brief]


def show(dataset: Dataset, query: str) -> ShowResult:
    record = find(dataset, query).record
    ids = {key: n for n, key in enumerate(dataset.ids())}
    part_of: list[tuple[str, str | None]] = [
        (dataset.entry(ids[ref]).names[0], ref) if ref in ids else (ref, None)
        for ref in record.part_of
    ]
    parts: list[Brief] = dataset.digests(BRIEF, dataset.parts_of(record.key))
    parts.sort(key=lambda r: (r.start, r.sort_name))
    return ShowResult(record, part_of, parts)


def match(dataset: Dataset, query: str) -> list[Loaded]:
    wanted = normalise(query)
    if not wanted:
        return []
    exact = dataset.lookup(wanted)
    if exact:
        return [dataset.entry(n) for n in exact]
    partial = []
    for n, keys in enumerate(dataset.lookup_keys()):
        for norm in keys:
            words = norm.split(" ")
            starts = [" ".join(words[i:]) for i in range(len(words))]
            if any(s.startswith(wanted) for s in starts):
                partial.append(dataset.entry(n))
                break
    return partial


def _no_match(dataset: Dataset, query: str) -> str:
    choices: dict[str, int] = {}
    for n, keys in enumerate(dataset.lookup_keys()):
        for key in keys:
            choices.setdefault(key, n)
    import difflib

    close = difflib.get_close_matches(normalise(query), list(choices), n=3, cutoff=0.6)
    suggestions = list(dict.fromkeys(dataset.entry(choices[c]).names[0] for c in close))
    message = f"no battle matches {query!r}"
    if suggestions:
        message += "; did you mean " + " or ".join(repr(s) for s in suggestions) + "?"
    else:
        message += "; run `battles list` to see the records"
    return message


def complete_names(dataset: Dataset, incomplete: str) -> list[str]:
    """Shell completion: the ids, names and aliases (as slugs, which the lookup accepts) that
    start with what was typed. Shells keep only candidates that start with the typed text."""
    from battles.text import slug

    typed = slug(incomplete)
    found: dict[str, None] = {}
    for keys in dataset.lookup_keys():
        for key in keys:
            candidate = re.sub(r"[^a-z0-9]+", "-", key).strip("-")
            if candidate.startswith(typed):
                found[candidate] = None
    return [keep_typed(incomplete, typed, c) for c in found]


def keep_typed(incomplete: str, typed: str, candidate: str) -> str:
    """A completion that starts with what was typed, as shells (and Typer) keep only those:
    ``KRUS`` completes to ``KRUSevac``, ``Круш`` to ``Крушevac``; the lookup folds case and
    script, so either finds the record."""
    if candidate.startswith(incomplete) or not typed or incomplete.strip() != incomplete:
        return candidate
    return incomplete + candidate[len(typed) :]


# -- searching ---------------------------------------------------------------------------------


class SearchHit(msgspec.Struct, frozen=True):
    battle: Brief
    field: str  # as a reader names it: "Chetniks › commander"
    text: str
    path: str = ""  # the field's path in the record: "sides[1].commanders[1].name"


class SearchResult(Answer, frozen=True):
    forms = Forms.split("terminal", "data", "search")

    query: str
    hits: list[SearchHit]
    limited: bool = False  # more hits were left out (--limit)


def search(
    dataset: Dataset, text: str, flt: ListFilter | None = None, limit: int | None = None
) -> SearchResult:
    """The records whose texts hold every word of ``text``, in any order and across fields,
    ignoring case, accents and script (names, aliases, places, belligerents, commanders,
    units, events, notes...); of those that pass ``flt``. Each hit is a field that holds
    every word, or where no one field does, each field that holds one. The first ``limit``
    hits are kept. The cache's index of words picks the records that may hold them all,
    and each record's texts are read from the cache (no record is decoded)."""
    words = list(dict.fromkeys(normalise(text).split(" ")))
    if not words or words == [""]:
        raise UsageError("give some text to search for")
    allowed = None if flt is None else set(select(dataset, flt))
    chosen = [n for n in dataset.candidates(" ".join(words)) if allowed is None or n in allowed]
    hits: list[SearchHit] = []
    # The records' texts in one decode when they are many (a word in every record), else
    # record by record; the briefs only of the records found.
    items = msgspec.msgpack.Decoder(list[msgspec.Raw])
    item = msgspec.msgpack.Decoder(tuple[str, str, str])
    found: list[tuple[int, list[tuple[str, str, str]]]] = []
    count = 0
    for n, texts in _searched(dataset, chosen, limit):
        held = _held(texts.plain, words)
        if held is None:
            continue
        raws = items.decode(texts.items)
        found.append((n, [item.decode(raws[i]) for i in held]))
        count += len(held)
        if limit is not None and count >= limit:
            break
    briefs: list[Brief] = dataset.digests(BRIEF, [n for n, _ in found])
    for battle, (_, shown) in zip(briefs, found, strict=True):
        hits += [SearchHit(battle, field, value, path) for field, path, value in shown]
    if limit is not None and len(hits) >= limit:
        return SearchResult(text, hits[:limit], limited=True)
    return SearchResult(text, hits)


def _searched(
    dataset: Dataset, chosen: list[int], limit: int | None
) -> Iterator[tuple[int, Searched]]:
    """The records' texts as search reads them: all in one go, or, when only the first
    hits are wanted, a few records first, then more and more (a decode of every record's
    texts only when the hits run that far)."""
    if limit is None:
        yield from zip(chosen, dataset.digests(TEXTS, chosen), strict=True)
        return
    start, size = 0, 16
    while start < len(chosen):
        part = chosen[start : start + size]
        yield from zip(part, dataset.digests(TEXTS, part), strict=True)
        start += size
        size *= 4


def _held(plain: str, words: list[str]) -> list[int] | None:
    """The texts (by their place in a record's ``Searched.plain``) that a search shows: those
    that hold every word, else, where none does, each that holds one; None when the record
    does not hold every word."""
    holding: dict[int, int] = {}  # a text's place: how many of the words it holds
    for word in words:
        start = plain.find(word)
        if start < 0:
            return None
        seen = -1
        while start >= 0:
            place = plain.count(SEPARATOR, 0, start)
            if place != seen:  # a word twice in one text counts once
                holding[place] = holding.get(place, 0) + 1
                seen = place
            start = plain.find(word, start + 1)
    whole = [place for place, count in holding.items() if count == len(words)]
    return sorted(whole or holding)


# -- listing ------------------------------------------------------------------------------------

SORT_KEYS = ("date", "name", "casualties", "strength")


class ListResult(Answer, frozen=True):
    forms = Forms.split("terminal", "data", "list")

    records: list[Brief]
    total: int = -1  # how many matched before a --limit; -1: all of them are here
    sort: str = "date"  # what the records are sorted by (a figure's column is then shown)

    @property
    def matched(self) -> int:
        return len(self.records) if self.total < 0 else self.total


class ListFilter(msgspec.Struct, frozen=True):
    year: int | None = None
    start: PartialDate | None = None  # --from
    end: PartialDate | None = None  # --to
    kinds: tuple[str, ...] = ()
    belligerent: str | None = None
    part_of: str | None = None
    place: str | None = None
    winner: str | None = None  # a side id, a name, attacker, defender or none
    role: str | None = None  # attacker or defender: of the --belligerent's side, or of any
    where: tuple[tuple[str, str], ...] = ()  # (key, value) pairs (see conditions.WHERE_KEYS)


def parse_where(texts: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """``terrain=rugged`` and the like as (key, value) pairs; a key or word the format
    does not know is a :class:`UsageError` that lists those it does."""
    from battles.conditions import WHERE_KEYS

    found: list[tuple[str, str]] = []
    for text in texts:
        key, sep, value = text.partition("=")
        key = key.strip().lower().replace("-", "_").replace(" ", "_")
        value = " ".join(value.split()).lower()
        if not sep or not value:
            raise UsageError(f"--where {text!r}: write KEY=VALUE, e.g. terrain=rugged")
        if key not in WHERE_KEYS:
            raise UsageError(f"--where knows no key {key!r}; use one of {', '.join(WHERE_KEYS)}")
        words = WHERE_KEYS[key]
        value = {"fall": "autumn", "defense": "defence"}.get(value, value).replace(
            "defense", "defence"
        )
        if words and value not in words:
            raise UsageError(
                f"--where {key}={value!r}: not a word of {key}; use one of {', '.join(words)}"
            )
        found.append((key, value))
    return tuple(found)


def check_role(role: str | None) -> str | None:
    if role is None:
        return None
    wanted = role.strip().lower()
    if wanted not in model.ROLES:
        raise UsageError(f"--role {role!r}: use attacker or defender")
    return wanted


def _winner_matches(brief: Brief, wanted: str) -> bool:
    """Whether the battle's winner is ``wanted``: ``none`` (no side won), a role, a side
    id, or a name among the winning side's names, belligerents and commanders."""
    if brief.winner is None:
        return False
    if wanted == "none":
        return brief.winner == model.NO_SIDE
    side = brief.winning_side()
    if side is None:
        return False
    if wanted in model.ROLES:
        return side.role == wanted
    return side.id == wanted or _contains(side.names, wanted)


def _role_matches(brief: Brief, role: str, belligerent: str | None) -> bool:
    for tag in brief.tags:
        if tag.role == role and (belligerent is None or _contains(tag.names, belligerent)):
            return True
    return False


def _overlaps(brief: Brief, start: PartialDate | None, end: PartialDate | None) -> bool:
    if start is not None and brief.last.last_day() < start.first_day():
        return False
    return not (end is not None and brief.start.first_day() > end.last_day())


def _contains(haystack: Sequence[str], needle: str) -> bool:
    wanted = normalise(needle)
    return any(wanted in normalise(text) for text in haystack)


def select(
    dataset: Dataset, flt: ListFilter | None = None, sort: str = "date", reverse: bool = False
) -> list[int]:
    """The records that pass the filter, sorted: their places in the dataset."""
    flt = flt or ListFilter()
    if sort not in SORT_KEYS:
        raise UsageError(f"cannot sort by {sort!r}; choose one of {', '.join(SORT_KEYS)}")
    briefs: list[Brief] = dataset.digests(BRIEF)
    chosen = range(len(briefs))
    if flt != ListFilter():
        table = dataset.belligerents() if flt.belligerent else None
        chosen = [n for n in chosen if _passes(briefs[n], flt, table)]  # type: ignore[assignment]
    key = _sort_key(sort)
    return sorted(chosen, key=lambda n: key(briefs[n]), reverse=reverse)


def _passes(brief: Brief, flt: ListFilter, table: Belligerents | None = None) -> bool:
    if flt.year is not None and not _overlaps(brief, PartialDate(flt.year), PartialDate(flt.year)):
        return False
    if not _overlaps(brief, flt.start, flt.end):
        return False
    if flt.kinds and brief.kind not in flt.kinds:
        return False
    if flt.belligerent:
        if not table:
            from battles.belligerents import Belligerents

            table = Belligerents()
        if not table.matches(flt.belligerent, brief.people):
            return False
    if flt.part_of and not _contains(brief.part_of, flt.part_of):
        return False
    if flt.place and not _contains(brief.places, flt.place):
        return False
    if flt.winner is not None and not _winner_matches(brief, flt.winner.strip().lower()):
        return False
    if flt.role is not None and not _role_matches(brief, flt.role, flt.belligerent):
        return False
    return all(_where_matches(brief, key, value) for key, value in flt.where)


def _where_matches(brief: Brief, key: str, value: str) -> bool:
    if key == "winner":
        return _winner_matches(brief, value)
    if f"{key}={value}" in brief.where:
        return True
    if key in ("surprise", "air_superiority"):  # a side named by its name
        ids = [w.partition("=")[2] for w in brief.where if w.startswith(key + "=")]
        return any(t.id in ids and _contains(t.names, value) for t in brief.tags)
    return False


def list_records(
    dataset: Dataset, flt: ListFilter | None = None, sort: str = "date", reverse: bool = False
) -> list[Brief]:
    """The records that pass the filter, sorted."""
    briefs: list[Brief] = dataset.digests(BRIEF)
    return [briefs[n] for n in select(dataset, flt, sort, reverse)]


def digests_of(
    dataset: Dataset, names: Sequence[str], kinds: Sequence[str], region: int
) -> list[tuple[Brief, Any]]:
    """The records named (each by the one lookup), or all records, of the given kinds: each
    as its brief and the digest of ``region`` a question reads (see loading.digest)."""
    found = chosen(dataset, names, kinds)
    return list(zip(dataset.digests(BRIEF, found), dataset.digests(region, found), strict=True))


def chosen(dataset: Dataset, names: Sequence[str] = (), kinds: Sequence[str] = ()) -> list[int]:
    """The records named (each by the one lookup, in the order given), or all records in
    date order; of the given kinds only, if any."""
    if names:
        found = [find(dataset, name).index for name in names]
        if not kinds:
            return found
        briefs: list[Brief] = dataset.digests(BRIEF, found)
        return [n for n, b in zip(found, briefs, strict=True) if b.kind in kinds]
    return select(dataset, ListFilter(kinds=tuple(kinds)))


def _sort_key(sort: str) -> Callable[[Brief], Any]:
    if sort == "name":
        return lambda r: (r.sort_name, r.start.number)
    if sort in ("casualties", "strength"):

        def by_figure(r: Brief) -> tuple[bool, float, str]:
            # Casualties: every loss the record states, soldiers' and civilians'.
            if sort == "casualties":
                mid = tally.midpoint(tally.everyone(r.casualties, r.civilians))
            else:
                mid = tally.midpoint(r.strength)
            return (mid is None, -(mid or 0.0), r.sort_name)

        return by_figure
    return lambda r: (r.start.number, r.last.number, r.sort_name)
