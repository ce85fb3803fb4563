"""A record's citation as text, BibTeX, CSL-JSON or RIS (see :mod:`battles.questions.cite`).

Record text is cleaned of control characters and escaped for each format; only what the
record holds is written (format v1 sources have a title, an address and a note; format v2
adds the kind, authors, publisher, year, page, version, access date, table and row)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from battles.model import Source, reference
from battles.questions.cite import Citation
from battles.text import clean

DATASET = "battles dataset"


def _one_line(text: str) -> str:
    return " ".join(clean(text).split())


def _where(source: Source) -> str | None:
    if source.url:
        return _one_line(source.url)
    return f"seed file {_one_line(source.file)}" if source.file else None


# -- plain text --------------------------------------------------------------------------------


def to_text(cite: Citation) -> str:
    lines = [
        f"{_one_line(cite.name)} ({cite.kind}, {cite.dates}). Record {cite.key} in the "
        f"{DATASET}, version {cite.version}.",
        "",
        "Sources:",
    ]
    for n, source in enumerate(cite.sources, start=1):
        line = f"[{n}] {_one_line(reference(source))}."
        if (where := _where(source)) is not None:
            line += f" {where}."
        if source.note:
            line += f" {_one_line(source.note)}"
        lines.append(line)
    return "\n".join(lines) + "\n"


# -- BibTeX ------------------------------------------------------------------------------------

_BIBTEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIBTEX_SPECIAL = re.compile(r"[\\{}%&$#_~^]")


def bibtex_text(text: str) -> str:
    """Text as a BibTeX field's value: LaTeX's special characters escaped, braces never
    unbalanced."""
    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX[m.group()], _one_line(text))


def bibtex_url(url: str) -> str:
    """An address for a ``url`` field: braces and backslashes percent-encoded."""
    return _one_line(url).replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def _entry(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{key},\n{body}\n}}\n"


_BIBTEX_KINDS = {"book": "book", "article": "article", "chapter": "incollection"}
_CSL_KINDS = {
    "book": "book",
    "article": "article-journal",
    "chapter": "chapter",
    "dataset": "dataset",
    "web page": "webpage",
    "archive": "manuscript",
}
_RIS_KINDS = {
    "book": "BOOK",
    "article": "JOUR",
    "chapter": "CHAP",
    "dataset": "DATA",
    "web page": "ELEC",
    "archive": "MANSCPT",
}


_PAGE_RANGE = re.compile(
    r"\s*(?:(\d+)\s*(?:-+|–|—)\s*(\d+)|([ivxlcdm]+)\s*(?:-+|–|—)\s*([ivxlcdm]+))\s*\Z",
    re.IGNORECASE,
)


def page_range(page: str) -> tuple[str, str | None]:
    """A ``page`` field as its first and last page (``12-14``, ``12–14``: 12 and 14;
    ``xi--xv``: xi and xv); a single page, or anything else (``12, 15``, ``A-3``, ``plate
    3``), as itself and None."""
    found = _PAGE_RANGE.match(_one_line(page))
    if found is None:
        return _one_line(page), None
    return (found[1], found[2]) if found[1] else (found[3], found[4])


def _bibtex_pages(page: str) -> str:
    first, last = page_range(page)
    return first if last is None else f"{first}--{last}"


def _row(source: Source) -> list[str]:
    """A dataset's table and row, as a note."""
    found = [
        f"table {source.table}" if source.table else "",
        f"row {source.row}" if source.row else "",
    ]
    return [", ".join(t for t in found if t)] if any(found) else []


def to_bibtex(cite: Citation) -> str:
    entries = [
        _entry(
            "misc",
            f"battles-{cite.key}",
            [
                ("title", "{" + bibtex_text(cite.name) + "}"),
                ("howpublished", bibtex_text(f"{DATASET}, record {cite.key}")),
                ("version", bibtex_text(cite.version)),
                ("note", bibtex_text(f"{cite.kind}, {cite.dates}")),
            ],
        )
    ]
    for source in cite.sources:
        fields = [("title", "{" + bibtex_text(source.title) + "}")]
        if source.authors:
            fields.append(
                ("author", " and ".join("{" + bibtex_text(a) + "}" for a in source.authors))
            )
        for name, value in (
            ("publisher", source.publisher),
            ("year", str(source.year) if source.year else None),
            ("pages", _bibtex_pages(source.page) if source.page else None),
            ("version", source.version),
            ("urldate", source.accessed),
        ):
            if value:
                fields.append((name, bibtex_text(value)))
        if source.url:
            fields.append(("url", bibtex_url(source.url)))
        notes = [
            t
            for t in (
                f"seed file {source.file}" if source.file else None,
                *_row(source),
                source.note,
            )
            if t
        ]
        if notes:
            fields.append(("note", bibtex_text("; ".join(notes))))
        kind = _BIBTEX_KINDS.get(source.kind or "", "misc")
        entries.append(_entry(kind, f"{cite.key}-{source.id}", fields))
    return "\n".join(entries)


# -- CSL-JSON ----------------------------------------------------------------------------------


def to_csl_json(cite: Citation) -> str:
    items: list[dict[str, Any]] = [
        {
            "id": f"battles-{cite.key}",
            "type": "dataset",
            "title": _one_line(cite.name),
            "version": cite.version,
            "publisher": DATASET,
            "note": f"{cite.kind}, {cite.dates}; record {cite.key}",
        }
    ]
    for source in cite.sources:
        item: dict[str, Any] = {
            "id": f"{cite.key}-{source.id}",
            "type": _CSL_KINDS.get(source.kind or "", "webpage" if source.url else "document"),
            "title": _one_line(source.title),
        }
        if source.authors:
            item["author"] = [{"literal": _one_line(a)} for a in source.authors]
        if source.year:
            item["issued"] = {"date-parts": [[source.year]]}
        if source.accessed:
            item["accessed"] = {"date-parts": [[int(p) for p in source.accessed.split("-")]]}
        for name, value in (
            ("publisher", source.publisher),
            ("page", source.page),
            ("version", source.version),
        ):
            if value:
                item[name] = _one_line(value)
        if source.url:
            item["URL"] = _one_line(source.url)
        notes = [
            t
            for t in (
                f"seed file {source.file}" if source.file else None,
                *_row(source),
                source.note,
            )
            if t
        ]
        if notes:
            item["note"] = _one_line("; ".join(notes))
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


# -- RIS ---------------------------------------------------------------------------------------


def _ris(tags: list[tuple[str, str | None]]) -> str:
    lines = [f"{tag}  - {_one_line(value)}" for tag, value in tags if value]
    return "\n".join([*lines, "ER  - "]) + "\n"


def _ris_pages(page: str | None) -> list[tuple[str, str | None]]:
    """RIS's start and end page (SP, EP) of a ``page`` field."""
    if not page:
        return []
    first, last = page_range(page)
    return [("SP", first), ("EP", last)]


def to_ris(cite: Citation) -> str:
    records = [
        _ris(
            [
                ("TY", "DATA"),
                ("ID", f"battles-{cite.key}"),
                ("TI", cite.name),
                ("ET", cite.version),
                ("PB", DATASET),
                ("N1", f"{cite.kind}, {cite.dates}; record {cite.key}"),
            ]
        )
    ]
    for source in cite.sources:
        records.append(
            _ris(
                [
                    ("TY", _RIS_KINDS.get(source.kind or "", "ELEC" if source.url else "GEN")),
                    ("ID", f"{cite.key}-{source.id}"),
                    ("TI", source.title),
                    *(("AU", author) for author in source.authors),
                    ("PB", source.publisher),
                    ("PY", str(source.year) if source.year else None),
                    *_ris_pages(source.page),
                    ("ET", source.version),
                    ("Y2", source.accessed),
                    ("UR", source.url),
                    *(("N1", row) for row in _row(source)),
                    ("N1", f"seed file {source.file}" if source.file else None),
                    ("N1", source.note),
                ]
            )
        )
    return "\n".join(records)


WRITERS: dict[str, Callable[[Citation], str]] = {
    "text": to_text,
    "bibtex": to_bibtex,
    "csl-json": to_csl_json,
    "ris": to_ris,
}
