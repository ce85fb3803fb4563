"""Drafting one input or many: files, directories of them, standard input, or articles
fetched from Wikipedia, each written as ``<id>.yaml`` into the data directory (or
``--into DIR``), with an outcome per input for the summary.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from battles.errors import BattlesError, DataError, Location, UsageError

SUFFIXES = (".txt", ".wiki", ".wikitext", ".mediawiki")
MAX_ARTICLE = 5_000_000  # characters: an article is far smaller; refuse anything larger


@dataclass
class Request:
    inputs: list[str]
    wikipedia: bool = False
    lang: str = "en"
    output: str | None = None
    force: bool = False
    timeout: float = 20.0


@dataclass
class Drafted:
    """One draft: its YAML text, its id, and how many values carry a CHECK."""

    yaml: str
    key: str

    @property
    def checks(self) -> int:
        from battles.draft import CHECK

        return self.yaml.count(CHECK)


@dataclass
class Outcome:
    input: str
    status: Literal["drafted", "skipped", "failed"]
    path: Path | None = None
    checks: int = 0
    message: str | None = None


@dataclass
class Job:
    """One input: a label to show and the way to read it."""

    label: str
    read: Callable[[], Drafted] = field(repr=False)


def jobs(request: Request) -> list[Job]:
    """The inputs of a request, a directory standing for its article files."""
    if not request.inputs:
        raise UsageError("name an article file, a directory, '-' or, with --wikipedia, a title")
    if request.wikipedia:
        return [Job(title, _wikipedia_reader(title, request)) for title in request.inputs]
    found: list[Job] = []
    for name in request.inputs:
        if name == "-":
            found.append(Job("-", lambda: draft_text(_stdin(), None)))
            continue
        path = Path(name)
        if path.is_dir():
            files = sorted(
                p
                for p in path.iterdir()
                if p.suffix.lower() in SUFFIXES and p.is_file() and not p.name.startswith(".")
            )
            if not files:
                shown = ", ".join(SUFFIXES)
                raise UsageError(f"{path} holds no article files ({shown})")
            found.extend(Job(str(p), _file_reader(p)) for p in files)
        else:
            found.append(Job(name, _file_reader(path)))
    return found


def is_single(request: Request) -> bool:
    return len(request.inputs) == 1 and (request.wikipedia or not Path(request.inputs[0]).is_dir())


def draft_text(
    text: str,
    file_name: str | None,
    *,
    url: str | None = None,
    revision: str | None = None,
    title: str | None = None,
) -> Drafted:
    from battles.draft import draft, to_yaml_text

    record, key = draft(text, file_name, url=url, revision=revision, title=title)
    return Drafted(to_yaml_text(record), key)


def _stdin() -> str:
    return sys.stdin.read(MAX_ARTICLE + 1)[:MAX_ARTICLE]


def _file_reader(path: Path) -> Callable[[], Drafted]:
    def read() -> Drafted:
        if path.exists() and not path.is_file():
            raise DataError("not a regular file", Location(str(path)))
        try:
            with path.open(encoding="utf-8-sig") as handle:
                text = handle.read(MAX_ARTICLE + 1)
        except (OSError, UnicodeDecodeError) as exc:
            raise DataError(f"cannot read the article: {exc}", Location(str(path))) from None
        if len(text) > MAX_ARTICLE:
            raise DataError(
                f"larger than {MAX_ARTICLE:,} characters: not an article", Location(str(path))
            )
        return draft_text(text, path.name)

    return read


def _wikipedia_reader(name: str, request: Request) -> Callable[[], Drafted]:
    def read() -> Drafted:
        from battles.draft import NoInfobox, wikipedia

        lang, title = wikipedia.target(name, request.lang)
        page = wikipedia.fetch(title, lang, timeout=request.timeout)
        try:
            revision = f"revision {page.revision}: {page.permanent_url}"
            return draft_text(
                page.wikitext, None, url=page.url, revision=revision, title=page.title
            )
        except NoInfobox:
            raise wikipedia.FetchError(
                f"{page.title!r} ({page.url}) has no military-conflict infobox"
            ) from None

    return read


def write(drafted: Drafted, target: Path, output: str | None, force: bool) -> Path:
    """Write a draft to ``output`` or ``target/<id>.yaml``; never over a file without force."""
    from battles.fsutil import atomic_write_text

    path = Path(output) if output else target / f"{drafted.key}.yaml"
    atomic_write_text(path, drafted.yaml, force=force)
    return path


def draft_many(
    request: Request, target: Path, step: Callable[[Outcome], None] | None = None
) -> list[Outcome]:
    """Draft every input into ``target``; an input that fails does not stop the others."""
    from battles.fsutil import WriteError, refuse_existing

    if request.output is not None:
        raise UsageError("--output takes one input; use --into DIR for many")
    todo = jobs(request)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataError(
            f"cannot make the directory: {exc.strerror or exc}", Location(str(target))
        ) from None
    outcomes = []
    written: set[Path] = set()
    for job in todo:
        try:
            drafted = job.read()
            path = target / f"{drafted.key}.yaml"
            try:
                if path in written:
                    raise WriteError("drafted from an earlier input of this run")
                refuse_existing(path, request.force)
            except WriteError as exc:
                reason = "exists; --force to replace" if path not in written else str(exc)
                outcome = Outcome(job.label, "skipped", path, drafted.checks, reason)
            else:
                write(drafted, target, None, request.force)
                written.add(path)
                outcome = Outcome(job.label, "drafted", path, drafted.checks)
        except (BattlesError, ValueError) as exc:
            outcome = Outcome(job.label, "failed", message=str(exc))
        outcomes.append(outcome)
        if step is not None:
            step(outcome)
    return outcomes
