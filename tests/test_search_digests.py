"""The digests ``search`` reads, made in one walk of a record (issue 20): the texts with
their fields as a reader names them, and the index of words. The texts are exactly what
the first version made (kept here as the reference: each text's field named from the
record's root, one by one); the index of words lets through every record a search can
find."""

from __future__ import annotations

import itertools
import typing
from collections.abc import Iterator
from typing import Any

import msgspec
import pytest
from conftest import DATA, FIXTURES
from hypothesis import given, settings
from hypothesis import strategies as st

from battles import loading, model
from battles.dates import PartialDate
from battles.figures import Figure
from battles.loading import digest
from battles.loading.traverse import texts as walk
from battles.positions import format_path
from battles.text import normalise

# -- the first version, as the reference ------------------------------------------------------


def reference_field_name(record: Any, path: tuple[Any, ...]) -> str:
    """A field path as a reader names it, worked out from the record's root (the first
    version of ``digest.field_name``)."""
    shown: list[str] = []
    value = record
    parts = list(path)
    i = 0
    while i < len(parts):
        part = parts[i]
        value = value[part] if isinstance(part, int) else getattr(value, part, None)
        if isinstance(part, str) and i + 1 < len(parts) and isinstance(parts[i + 1], int):
            index = parts[i + 1]
            item = value[index] if isinstance(value, tuple) else None
            value = item
            label = digest._SINGULAR.get(part, part.replace("_", " "))
            name = getattr(item, "name", None)
            last = i + 2 >= len(parts) or (i + 3 == len(parts) and parts[-1] == "name")
            if part == "sides" and isinstance(name, str):
                shown.append(name)
            elif isinstance(name, str) and not last:
                shown.append(f"{label} {name}")
            elif part in ("events", "phases", "notes", "disagreements", "sources"):
                shown.append(f"{label} {index + 1}")
            else:
                shown.append(label)
            i += 2
            continue
        if isinstance(part, str):
            of_item = i == len(parts) - 1 and i >= 2 and isinstance(parts[i - 1], int)
            if not (of_item and part in ("name", "text") and parts[i - 2] != "sides"):
                shown.append(part.replace("_", " "))
        i += 1
    return " › ".join(shown) or "record"


def reference_texts(record: model.Record) -> tuple[tuple[str, str, str], ...]:
    found = []
    for path, value in walk(record):
        field = next((p for p in reversed(path) if isinstance(p, str)), None)
        if field not in digest.SEARCHED_NOT:
            found.append((reference_field_name(record, path), format_path(path), value))
    return tuple(found)


def reference_searched(record: model.Record) -> tuple[str, bytes]:
    found = reference_texts(record)
    plain = digest.SEPARATOR.join(digest.plain_form(value) for _, _, value in found)
    return plain, msgspec.msgpack.encode(found)


# -- the records compared ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> list[model.Record]:
    """The bundled records, the fixtures that load, and generated ones."""
    from bench.generate import generate

    generated = tmp_path_factory.mktemp("generated")
    generate(generated, 40, seed=11)
    directories = [DATA, generated, FIXTURES / "every-field", FIXTURES / "views"]
    directories += [FIXTURES / "good", FIXTURES / "v2"]
    found = []
    for directory in directories:
        found += [entry.record for entry in loading.load([directory]).records]
    assert len(found) > 60
    return found


def _check(record: model.Record) -> None:
    made = digest.texts(record)
    assert made == reference_texts(record)
    plain, items = reference_searched(record)
    searched = digest.searched(record)
    assert (searched.plain, bytes(searched.items)) == (plain, items)
    derived = digest.derive_all(record)
    assert derived[digest.WORDS] == digest.words(record)
    assert derived[digest.TEXTS].plain == plain
    assert bytes(derived[digest.TEXTS].items) == items


def test_the_texts_search_reads_are_those_of_the_first_version(
    records: list[model.Record],
) -> None:
    for record in records:
        _check(record)
    # The records compared name fields in every way: items by name, by number, by kind.
    fields = {field for record in records for field, _, _ in digest.texts(record)}
    assert any(" › event " in f or f.startswith("event ") for f in fields)
    assert any(f.startswith("commander") or " › commander " in f for f in fields)
    assert any(f.endswith(" › name") for f in fields)
    assert "record" not in fields


def _closed(annotation: Any) -> bool:
    """Whether a field's type is one of the model's closed vocabularies (a ``Literal``, or
    one of them or None): a word a record could not hold there is no text to search."""
    if typing.get_origin(annotation) is typing.Literal:
        return True
    args = typing.get_args(annotation)
    return bool(args) and all(_closed(a) or a is type(None) for a in args)


def _replaced(value: Any, new: Iterator[str]) -> Any:
    """``value`` with each of its texts replaced by the next of ``new`` (figures and dates
    kept: search reads no text in them; nor the words of a closed vocabulary, such as a
    duration's unit, which no record could hold another of)."""
    if value.__class__ is str:
        return next(new)
    if isinstance(value, tuple):
        return tuple(_replaced(item, new) for item in value)
    if isinstance(value, msgspec.Struct) and not isinstance(value, (Figure, PartialDate)):
        hints = typing.get_type_hints(type(value))
        changes = {
            name: _replaced(getattr(value, name), new)
            for name in value.__struct_fields__
            if not _closed(hints.get(name))
        }
        return msgspec.structs.replace(value, **changes)
    return value


TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from("aé Ж-_.,\0\t\u00a0\u2003ßİﬁ"),
    ),
    max_size=30,
)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), texts=st.lists(TEXT, min_size=1, max_size=40))
def test_any_texts_in_any_record_give_the_digests_of_the_first_version(
    records: list[model.Record], data: st.DataObject, texts: list[str]
) -> None:
    record = data.draw(st.sampled_from(records))
    _check(_replaced(record, itertools.cycle(texts)))


@settings(max_examples=60, deadline=None)
@given(data=st.data(), texts=st.lists(TEXT, min_size=1, max_size=40))
def test_the_index_of_words_holds_every_word_a_search_finds(
    records: list[model.Record], data: st.DataObject, texts: list[str]
) -> None:
    """A query's word (normalised: no space) that lies in a text's plain form (where
    ``search`` looks for it) lies in the record's index of words."""
    record = _replaced(data.draw(st.sampled_from(records)), itertools.cycle(texts))
    index = digest.words(record)
    for _, _, text in digest.texts(record):
        plain = digest.plain_form(text)
        start = data.draw(st.integers(0, len(plain)))
        end = data.draw(st.integers(start, len(plain)))
        for piece in (plain, plain[start:end]):
            for word in normalise(piece).split(" "):
                if word and word in plain and "\0" not in word:
                    assert word in index


def test_the_index_of_words_is_each_word_once_in_order(records: list[model.Record]) -> None:
    for record in records[:20]:
        words = digest.words(record).split(" ")
        assert words == sorted(set(words))
        assert all(words)
