"""Finding the record a user names: by id, name or alias, ignoring case, accents and script;
else by a unique prefix or word; and the names a shell completes."""

from __future__ import annotations

import re

from battles.errors import NotFoundError
from battles.loading import Dataset, Loaded
from battles.text import normalise


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
