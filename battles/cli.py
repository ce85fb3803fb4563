"""The command line: parse arguments, call the core, hand the result to a renderer.

Errors from the core (:class:`~battles.errors.BattlesError`) are turned into one message on
stderr and an exit code in one place, :class:`BattlesGroup`. Rich, msgspec and YAML are
imported only by the commands that use them, so ``--help`` and ``--version`` stay quick.

This module does not use ``from __future__ import annotations``: Typer reads every option's
annotation, and string annotations would cost an ``eval`` each on every run.
"""

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, NoReturn, TypeVar

import typer
from typer.core import TyperGroup

from battles import __version__
from battles.errors import EXIT_ERROR, BattlesError
from battles.text import clean

if TYPE_CHECKING:
    from battles.loader import Dataset
    from battles.queries import ListResult
    from battles.render.output import OutputOptions


R = TypeVar("R")


class OutFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


# The output options every read command shares (one set, rendered in one place).
LimitOption = Annotated[
    int | None,
    typer.Option(min=1, help="Show the first N rows (default: what fits on the screen)."),
]
AllOption = Annotated[bool, typer.Option("--all", help="Show every row, even on a small screen.")]
FormatOption = Annotated[
    OutFormat,
    typer.Option("--format", "-f", help="table (for the terminal), json, csv or markdown."),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file instead of stdout.",
        show_default=False,
        dir_okay=False,
    ),
]
SvgOption = Annotated[
    Path | None,
    typer.Option(
        "--svg",
        help="Also save the table view as an SVG picture.",
        show_default=False,
        dir_okay=False,
    ),
]
HtmlOption = Annotated[
    Path | None,
    typer.Option(
        "--html",
        help="Also save the table view as an HTML page.",
        show_default=False,
        dir_okay=False,
    ),
]
ForceOption = Annotated[
    bool,
    typer.Option("--force", help="Replace an existing --output, --svg or --html file."),
]


def output_options(
    fmt: OutFormat, output: Path | None, svg: Path | None, html: Path | None, force: bool
) -> "OutputOptions":
    from battles.errors import UsageError
    from battles.render.output import OutputOptions

    if (svg or html) and fmt is not OutFormat.table:
        raise UsageError("--svg and --html save the table view; leave out --format")
    return OutputOptions(fmt.value, output, svg, html, force)


def _shown(
    result: R,
    options: "OutputOptions",
    limit: int | None,
    all_: bool,
    cut: Callable[[R, int], R],
    size: int,
    *,
    fewest: int = 1,
    **render_options: Any,
) -> R:
    """What to show: the first --limit rows; else, when a table goes to a terminal, the rows
    whose view fits on the screen (counted in screen lines, see fit_to_screen); else (piped,
    to a file, another format, or --all) every row."""
    if all_:
        return result
    if limit:
        return cut(result, limit)
    from battles.render.output import fit_to_screen

    return fit_to_screen(result, options, cut, size, fewest=fewest, **render_options)


class Settings(NamedTuple):
    """The options given before the command, shared by every command."""

    data_dirs: tuple[Path, ...] = ()
    debug: bool = False
    no_cache: bool = False
    follow_links: bool = False
    quiet: bool = False


def _debug_wanted(ctx: typer.Context) -> bool:
    settings = ctx.obj if isinstance(ctx.obj, Settings) else None
    return bool(settings and settings.debug) or os.environ.get("BATTLES_DEBUG") == "1"


def fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    """Print ``battles: error: ...`` on stderr (no markup, no control characters) and exit."""
    sys.stderr.write(f"battles: error: {clean(message)}\n")
    raise typer.Exit(code)


class BattlesGroup(TyperGroup):
    """The one boundary where the tool's errors become messages and exit codes."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BattlesError as exc:
            from battles.render.output import OutputError, failed_output

            if isinstance(exc, OutputError):  # one line (none for a closed pipe), not 0
                raise typer.Exit(failed_output(exc)) from None
            if _debug_wanted(ctx):
                raise
            fail(str(exc), exc.exit_code)
        except RecursionError:  # pragma: no cover - defensive: the loader bounds nesting
            if _debug_wanted(ctx):
                raise
            fail("the data is nested too deeply to process")


app = typer.Typer(
    cls=BattlesGroup,
    name="battles",
    help="Curated battle records: list, show, compare and check them, with every figure "
    "traced to its source.\n\nExample: battles show krusevac",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"battles {__version__}\n")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    data_dir: Annotated[
        list[Path] | None,
        typer.Option(
            "--data-dir",
            help="Read records from this directory instead of the bundled data "
            "(repeatable; BATTLES_DATA does the same with paths separated by ':').",
            show_default=False,
        ),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the full traceback of an error.")
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option("--no-cache", help="Read every file anew (BATTLES_NO_CACHE=1 does the same)."),
    ] = False,
    follow_links: Annotated[
        bool,
        typer.Option(
            "--follow-links",
            help="Read records that symbolic links in a data directory lead to outside it.",
        ),
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet", "-q", help="No progress bars on stderr (they show only on a terminal)."
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    ctx.obj = Settings(tuple(data_dir or ()), debug, no_cache, follow_links, quiet)


def settings(ctx: typer.Context) -> Settings:
    root_ctx = ctx.find_root()
    return root_ctx.obj if isinstance(root_ctx.obj, Settings) else Settings()


def load_data(ctx: typer.Context) -> "Dataset":
    """The active dataset; records that did not load are reported in one line on stderr."""
    from battles import cache, loader

    chosen = settings(ctx)
    dataset = loader.load(
        loader.data_dirs(chosen.data_dirs),
        use_cache=cache.enabled(chosen.no_cache),
        follow_links=chosen.follow_links,
        progress=_progress("Reading records", chosen),
    )
    if dataset.problems:
        count = len(dataset.problems)
        first = dataset.problems[0]
        sys.stderr.write(
            f"battles: warning: {count} record{'s' if count != 1 else ''} skipped: "
            f"{clean(str(first))[:200]}{' …' if count > 1 else ''}; run `battles validate`\n"
        )
    return dataset


def _progress(description: str, chosen: Settings) -> Any:
    """A progress bar on stderr for long work (see battles.render.progress), or None."""
    from battles.render import progress

    return progress.bar(description) if progress.wanted(quiet=chosen.quiet) else None


def _complete_battle(ctx: typer.Context, incomplete: str) -> list[str]:
    from battles import cache, loader, queries

    chosen = settings(ctx)
    try:
        dataset = loader.load(
            loader.data_dirs(chosen.data_dirs),
            use_cache=cache.enabled(chosen.no_cache),
            follow_links=chosen.follow_links,
        )
    except BattlesError:
        return []
    return queries.complete_names(dataset, incomplete)


# -- commands ------------------------------------------------------------------------------


YearOption = Annotated[int | None, typer.Option(help="Only records that overlap this year.")]
FromOption = Annotated[
    str | None,
    typer.Option("--from", help="Only records that end on or after this date (1941-10)."),
]
ToOption = Annotated[
    str | None, typer.Option(help="Only records that start on or before this date.")
]
KindOption = Annotated[
    list[str] | None, typer.Option(help="Only records of this kind (repeatable).")
]
BelligerentOption = Annotated[
    str | None, typer.Option(help="Only records naming this belligerent or commander.")
]
PartOfOption = Annotated[
    str | None, typer.Option(help="Only records that are part of this conflict.")
]
PlaceOption = Annotated[str | None, typer.Option(help="Only records at this place.")]
WinnerOption = Annotated[
    str | None,
    typer.Option(
        help="Only battles this side won: a side id or name, attacker, defender, "
        "or none (no side won)."
    ),
]
RoleOption = Annotated[
    str | None,
    typer.Option(
        help="Only battles where a side had this role (attacker or defender); with "
        "--belligerent, the side of that belligerent."
    ),
]
WhereOption = Annotated[
    list[str] | None,
    typer.Option(
        help="Only records whose conditions or sides match KEY=VALUE (repeatable): "
        "terrain, weather, season, surprise, air_superiority, posture, role, result, "
        "winner. Example: --where terrain=rugged"
    ),
]


@app.command("list")
def list_(
    ctx: typer.Context,
    year: YearOption = None,
    from_: FromOption = None,
    to: ToOption = None,
    kind: KindOption = None,
    belligerent: BelligerentOption = None,
    part_of: PartOfOption = None,
    place: PlaceOption = None,
    winner: WinnerOption = None,
    role: RoleOption = None,
    where: WhereOption = None,
    sort: Annotated[str, typer.Option(help="Sort by date, name, casualties or strength.")] = "date",
    reverse: Annotated[bool, typer.Option(help="Reverse the order.")] = False,
    limit: LimitOption = None,
    all_: AllOption = False,
    fmt: FormatOption = OutFormat.table,
    output: OutputOption = None,
    svg: SvgOption = None,
    html: HtmlOption = None,
    force: ForceOption = False,
) -> None:
    """List the records in the dataset, one line each. In a terminal the list stops at what
    fits and says how many more there are; piped or with --format, everything is written.

    Example: battles list --year 1941 --kind siege; battles list --winner attacker
    --where terrain=rugged
    """
    from battles import queries
    from battles.render.output import emit

    options = output_options(fmt, output, svg, html, force)
    filters = Filters(year, from_, to, kind, belligerent, part_of, place, winner, role, where)
    flt = filters.build()
    records = queries.list_records(load_data(ctx), flt, sort, reverse)
    result = queries.ListResult(records, len(records))
    emit(_shown(result, options, limit, all_, _first_records, len(records)), options)


def _first_records(result: "ListResult", count: int) -> "ListResult":
    from battles.queries import ListResult

    return ListResult(result.records[:count], result.matched)


@app.command()
def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Files or directories to check (default: the active data).", show_default=False
        ),
    ] = None,
    all_: Annotated[
        bool,
        typer.Option("--all", help="Also list the warnings records have reviewed, marked so."),
    ] = False,
) -> None:
    """Check records and report every problem: errors (the file cannot be used) and
    warnings (it loads, but something looks wrong), each warning with its code. A record
    silences a warning it has checked with `reviewed:`. Exits 1 if there is any error.

    Example: battles validate data/
    """
    from battles import loader
    from battles import validate as checks
    from battles.render.terminal import render_problems

    chosen = settings(ctx)
    dataset = loader.load(
        paths or loader.data_dirs(chosen.data_dirs),
        positions=True,
        follow_links=chosen.follow_links,
    )
    problems = checks.check(dataset)
    from battles.render.output import stdout_console, writing

    console = stdout_console(highlight=False)
    with writing():
        render_problems(
            problems,
            len(dataset.records) + len(dataset.problems),
            console,
            [str(p) for p in dataset.skipped],
            show_reviewed=all_,
        )
    if any(p.severity == "error" for p in problems):
        raise typer.Exit(EXIT_ERROR)


@app.command()
def show(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            help="Id, name or alias; case, accents and hyphens do not matter, and a unique "
            "prefix or word is enough.",
            autocompletion=_complete_battle,
            show_default=False,
        ),
    ],
    fmt: FormatOption = OutFormat.table,
    output: OutputOption = None,
    svg: SvgOption = None,
    html: HtmlOption = None,
    force: ForceOption = False,
) -> None:
    """Everything a record holds: dates, place, sides, leaders, units, strength and losses
    with their sources, phases, events, disagreements and numbered sources.

    Example: battles show krusevac
    """
    from battles import queries
    from battles.render.output import emit

    options = output_options(fmt, output, svg, html, force)
    emit(queries.show(load_data(ctx), name), options)


def _digests(
    ctx: typer.Context, names: list[str] | None, kinds: list[str] | None, region: int
) -> list[tuple[Any, Any]]:
    """The records named (each by the one lookup), or all records, of the given kinds: each
    as its brief and the digest a view reads (see battles.digest)."""
    from battles import digest, queries

    dataset = load_data(ctx)
    chosen = queries.chosen(dataset, names or (), kinds or ())
    briefs = dataset.digests(digest.BRIEF, chosen)
    return list(zip(briefs, dataset.digests(region, chosen), strict=True))


@app.command()
def compare(
    ctx: typer.Context,
    names: Annotated[
        list[str] | None,
        typer.Argument(
            help="Battles to compare (default: all).",
            autocompletion=_complete_battle,
            show_default=False,
        ),
    ] = None,
    casualties: Annotated[
        bool, typer.Option("--casualties", help="Compare losses (the default).")
    ] = False,
    strength: Annotated[bool, typer.Option("--strength", help="Compare strengths.")] = False,
    by: Annotated[
        str, typer.Option(help="One row per 'side' (default), or per 'battle' (sides added up).")
    ] = "side",
    phases: Annotated[
        bool, typer.Option("--phases", help="Compare the phases of battles that have them.")
    ] = False,
    share: Annotated[
        bool,
        typer.Option("--share", help="Show losses as a share of strength, where both are known."),
    ] = False,
    civilians: Annotated[
        bool,
        typer.Option(
            "--civilians", help="Compare the civilians' losses alone (they are a row of their own)."
        ),
    ] = False,
    ratios: Annotated[
        bool,
        typer.Option(
            "--ratios",
            help="Per battle: force ratio, loss-exchange ratio, each side's losses as a share "
            "of its strength, days and losses per day, as ranges (first side over second: the "
            "records name no attacker). Sort by force, exchange, share, second-share, days, "
            "per-day, battle or date.",
        ),
    ] = False,
    scale: Annotated[
        str,
        typer.Option(
            help="Bars on a 'linear' or 'log' scale; 'auto' takes log where the values span "
            "more than two orders of magnitude."
        ),
    ] = "auto",
    kind: Annotated[
        list[str] | None, typer.Option(help="Only records of this kind (repeatable).")
    ] = None,
    sort: Annotated[
        str | None,
        typer.Option(
            help="Sort by a column: killed, wounded, captured, missing, other, total, "
            "strength, share, battle, side or date (figures largest first)."
        ),
    ] = None,
    reverse: Annotated[bool, typer.Option(help="Reverse the order.")] = False,
    limit: LimitOption = None,
    all_: AllOption = False,
    fmt: FormatOption = OutFormat.table,
    output: OutputOption = None,
    svg: SvgOption = None,
    html: HtmlOption = None,
    force: ForceOption = False,
) -> None:
    """Battles and sides side by side: losses by kind, or strength, with a bar for each row
    that shows a range as a range.

    Example: battles compare --casualties krusevac kraljevo

    Example: battles compare --ratios --sort force
    """
    from battles import views
    from battles.errors import UsageError
    from battles.render.output import emit

    options = output_options(fmt, output, svg, html, force)
    if ratios:
        if strength or phases or civilians or share or by != "side":
            raise UsageError(
                "--ratios has its own columns: leave out --strength, --phases, "
                "--civilians, --share and --by"
            )
        _emit_ratios(ctx, names, kind, sort, reverse, options, limit, all_)
        return
    if casualties and strength:
        raise UsageError("choose one of --casualties and --strength")
    if by not in ("side", "battle"):
        raise UsageError(f"--by {by!r}: choose side or battle")
    if scale not in ("auto", "linear", "log"):
        raise UsageError(f"--scale {scale!r}: choose auto, linear or log")
    if civilians and strength:
        raise UsageError("--civilians compares losses: leave out --strength")
    from battles.digest import FORCES

    measure: views.Measure = "strength" if strength else "casualties"
    comparison = views.compare(
        _digests(ctx, names, kind, FORCES),
        measure,
        by="battle" if by == "battle" else "side",
        phases=phases,
        civilians="only" if civilians else "with",
        sort=sort,
        reverse=reverse,
    )
    with_share = share and measure == "casualties"
    comparison = _shown(
        comparison,
        options,
        limit,
        all_,
        views.first_rows,
        len(comparison.rows),
        share=with_share,
        scale=scale,
    )
    emit(comparison, options, share=with_share, scale=scale)


def _emit_ratios(
    ctx: typer.Context,
    names: list[str] | None,
    kind: list[str] | None,
    sort: str | None,
    reverse: bool,
    options: "OutputOptions",
    limit: int | None,
    all_: bool,
) -> None:
    from battles import analysis
    from battles.digest import FORCES
    from battles.render.output import emit

    found = analysis.ratios(_digests(ctx, names, kind, FORCES), sort=sort, reverse=reverse)
    emit(_shown(found, options, limit, all_, analysis.first_ratios, len(found.rows)), options)


@app.command()
def timeline(
    ctx: typer.Context,
    period: Annotated[
        str | None,
        typer.Argument(
            help="1941, 1941-10, or START..END with dates of any precision; leave out START or "
            "END for an open period (1941-09.., ..1941-08). Default: the battles' span.",
            show_default=False,
        ),
    ] = None,
    battle: Annotated[
        list[str] | None,
        typer.Option(help="Only this battle (repeatable).", autocompletion=_complete_battle),
    ] = None,
    kind: Annotated[
        list[str] | None, typer.Option(help="Only records of this kind (repeatable).")
    ] = None,
    context: Annotated[
        bool,
        typer.Option(
            "--context",
            help="Also show background events outside the battles' span (without a period, "
            "the timeline then spans them too).",
        ),
    ] = False,
    limit: LimitOption = None,
    all_: AllOption = False,
    fmt: FormatOption = OutFormat.table,
    output: OutputOption = None,
    svg: SvgOption = None,
    html: HtmlOption = None,
    force: ForceOption = False,
) -> None:
    """What happened when, across battles: a strip chart of each battle's span, then every
    dated event and each battle's start and end, month by month. In a terminal the chart
    shows every battle of the period and the entries that fit below it.

    Example: battles timeline 1941-09..1941-11 --battle krusevac --battle kraljevo
    """
    from battles import views
    from battles.render.output import emit

    options = output_options(fmt, output, svg, html, force)
    from battles.digest import HAPPENINGS

    chosen = views.parse_period(period) if period else None
    line = views.timeline(_digests(ctx, battle, kind, HAPPENINGS), chosen, context=context)
    line = _shown(line, options, limit, all_, views.first_entries, len(line.entries), fewest=0)
    emit(line, options)


@app.command()
def search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="What to look for.", show_default=False)],
    fmt: FormatOption = OutFormat.table,
    output: OutputOption = None,
    svg: SvgOption = None,
    html: HtmlOption = None,
    force: ForceOption = False,
) -> None:
    """Search names, aliases, places, belligerents, commanders, units, events and notes,
    ignoring case and accents; each hit shows its battle and the field it was found in.

    Example: battles search lukacevic
    """
    from battles import queries
    from battles.render.output import emit

    options = output_options(fmt, output, svg, html, force)
    emit(queries.search(load_data(ctx), text), options)


# -- the analysis commands (issue 17) ----------------------------------------------------------


# The filters of `list`, shared by the analysis commands.
class Filters(NamedTuple):
    year: int | None = None
    from_: str | None = None
    to: str | None = None
    kind: list[str] | None = None
    belligerent: str | None = None
    part_of: str | None = None
    place: str | None = None
    winner: str | None = None
    role: str | None = None
    where: list[str] | None = None

    def build(self) -> Any:
        """The filter as the core takes it (queries.ListFilter); a bad date is a usage error."""
        from battles import queries
        from battles.dates import parse_date
        from battles.errors import DateError, UsageError

        try:
            return queries.ListFilter(
                year=self.year,
                start=parse_date(self.from_) if self.from_ else None,
                end=parse_date(self.to) if self.to else None,
                kinds=tuple(self.kind or ()),
                belligerent=self.belligerent,
                part_of=self.part_of,
                place=self.place,
                winner=self.winner,
                role=queries.check_role(self.role),
                where=queries.parse_where(self.where or ()),
            )
        except DateError as exc:
            raise UsageError(str(exc)) from None


def _records(ctx: typer.Context, name: str | None, filters: Filters) -> Any:
    """The record named, or the records that pass the filters, as analysis reads them."""
    from battles import analysis

    if name is not None and filters != Filters():
        from battles.errors import UsageError

        raise UsageError("a battle's name and the filters do not go together: give one")
    return analysis.records(load_data(ctx), name, None if name else filters.build())


def _digested(ctx: typer.Context, region: int, name: str | None, filters: Filters) -> Any:
    """As :func:`_records`, each record's digest of ``region`` in place of the record."""
    from battles import analysis

    if name is not None and filters != Filters():
        from battles.errors import UsageError

        raise UsageError("a battle's name and the filters do not go together: give one")
    return analysis.digested(load_data(ctx), region, name, None if name else filters.build())


def _emit_rows(result: Any, options: "OutputOptions", limit: int | None, all_: bool) -> None:
    from battles import analysis
    from battles.render.output import emit

    emit(_shown(result, options, limit, all_, analysis.first_rows, len(result.rows)), options)


def _complete_name(ctx: typer.Context, incomplete: str, what: str) -> list[str]:
    """Shell completion of people's or units' names, as slugs (which the lookup accepts)."""
    from battles import analysis, cache, digest, loader

    chosen = settings(ctx)
    try:
        dataset = loader.load(
            loader.data_dirs(chosen.data_dirs), use_cache=cache.enabled(chosen.no_cache)
        )
        region = digest.PEOPLE if what == "people" else digest.UNITS
        found = getattr(analysis, f"{what}_of")(analysis.digested(dataset, region))
    except BattlesError:
        return []
    typed = loader.slug(incomplete)
    names = dict.fromkeys(loader.slug(row.name) for row in found.rows)
    return [name for name in names if name.startswith(typed)]


def _complete_person(ctx: typer.Context, incomplete: str) -> list[str]:
    return _complete_name(ctx, incomplete, "people")


def _complete_unit(ctx: typer.Context, incomplete: str) -> list[str]:
    return _complete_name(ctx, incomplete, "units")


BattleArgument = Annotated[
    str | None,
    typer.Argument(
        help="One battle (id, name or alias; default: every record that passes the filters).",
        autocompletion=_complete_battle,
        show_default=False,
    ),
]


@app.command()
def disputes(
    ctx: typer.Context,
    name: BattleArgument = None,
    year: YearOption = None,
    from_: FromOption = None,
    to: ToOption = None,
    kind: KindOption = None,
    belligerent: BelligerentOption = None,
    part_of: PartOfOption = None,
    place: PlaceOption = None,
    winner: WinnerOption = None,
    role: RoleOption = None,
    where: WhereOption = None,
    limit: LimitOption = None,
    all_: AllOption = False,
    fmt: FormatOption = OutFormat.table,
    output: OutputOption = None,
    svg: SvgOption = None,
    html: HtmlOption = None,
    force: ForceOption = False,
) -> None:
    """Where sources disagree, in one table: each disagreement a record notes, each figure
    given as estimates that differ, each other dating; every version with its sources.

    Example: battles disputes krusevac
    """
    from battles import analysis, digest

    options = output_options(fmt, output, svg, html, force)
    filters = Filters(year, from_, to, kind, belligerent, part_of, place, winner, role, where)
    found = analysis.disputes_of(_digested(ctx, digest.DISPUTES, name, filters))
    _emit_rows(found, options, limit, all_)


@app.command()
def sources(
    ctx: typer.Context,
    name: BattleArgument = None,
    year: YearOption = None,
    from_: FromOption = None,
    to: ToOption = None,
    kind: KindOption = None,
    belligerent: BelligerentOption = None,
    part_of: PartOfOption = None,
    place: PlaceOption = None,
    winner: WinnerOption = None,
    role: RoleOption = None,
    where: WhereOption = None,
    limit: LimitOption = None,
    all_: AllOption = False,
    fmt: FormatOption = OutFormat.table,
    output: OutputOption = None,
    svg: SvgOption = None,
    html: HtmlOption = None,
    force: ForceOption = False,
) -> None:
    """Each source with the records and figures it supports, most used first (the same
    title and address in several records is one source); with a battle, each field every
    source of that record supports.

    Example: battles sources krusevac
    """
    from battles import analysis, digest

    options = output_options(fmt, output, svg, html, force)
    filters = Filters(year, from_, to, kind, belligerent, part_of, place, winner, role, where)
    if name:  # each field citing a source: read from the record
        battle = analysis.battle_of(load_data(ctx), name)
        found = analysis.sources(_records(ctx, name, filters), battle)
    else:
        found = analysis.sources_of(_digested(ctx, digest.SOURCES, None, filters))
    _emit_rows(found, options, limit, all_)


@app.command()
def people(
    ctx: typer.Context,
    name: Annotated[
        str | None,
        typer.Argument(
            help="A person (case, accents and separators do not matter; a word or its start "
            "is enough). Default: everyone.",
            autocompletion=_complete_person,
            show_default=False,
        ),
    ] = None,
    year: YearOption = None,
    from_: FromOption = None,
    to: ToOption = None,
    kind: KindOption = None,
    belligerent: BelligerentOption = None,
    part_of: PartOfOption = None,
    place: PlaceOption = None,
    winner: WinnerOption = None,
    role: RoleOption = None,
    where: WhereOption = None,
    limit: LimitOption = None,
    all_: AllOption = False,
    fmt: FormatOption = OutFormat.table,
    output: OutputOption = None,
    svg: SvgOption = None,
    html: HtmlOption = None,
    force: ForceOption = False,
) -> None:
    """Commanders and the battles they fought in, with side, role, whom they served under
    and fate; with a name, that person's career in date order.

    Example: battles people novakovic
    """
    from battles import analysis, digest

    options = output_options(fmt, output, svg, html, force)
    filters = Filters(year, from_, to, kind, belligerent, part_of, place, winner, role, where)
    found = analysis.people_of(_digested(ctx, digest.PEOPLE, None, filters), name)
    _emit_rows(found, options, limit, all_)


@app.command()
def units(
    ctx: typer.Context,
    name: Annotated[
        str | None,
        typer.Argument(
            help="A unit (case, accents and separators do not matter; a word or its start "
            "is enough). Default: every unit.",
            autocompletion=_complete_unit,
            show_default=False,
        ),
    ] = None,
    year: YearOption = None,
    from_: FromOption = None,
    to: ToOption = None,
    kind: KindOption = None,
    belligerent: BelligerentOption = None,
    part_of: PartOfOption = None,
    place: PlaceOption = None,
    winner: WinnerOption = None,
    role: RoleOption = None,
    where: WhereOption = None,
    limit: LimitOption = None,
    all_: AllOption = False,
    fmt: FormatOption = OutFormat.table,
    output: OutputOption = None,
    svg: SvgOption = None,
    html: HtmlOption = None,
    force: ForceOption = False,
) -> None:
    """Where each unit of the records' unit trees fought: battle, side, the units it was
    part of, and its strength where recorded.

    Example: battles units 749th
    """
    from battles import analysis, digest

    options = output_options(fmt, output, svg, html, force)
    filters = Filters(year, from_, to, kind, belligerent, part_of, place, winner, role, where)
    found = analysis.units_of(_digested(ctx, digest.UNITS, None, filters), name)
    _emit_rows(found, options, limit, all_)


@app.command()
def stats(
    ctx: typer.Context,
    by: Annotated[
        str,
        typer.Option(
            help="Group by year, month, decade, century, kind, part_of, side, belligerent, "
            "role, outcome, winner, force_ratio (the attacker's strength over the "
            "defender's, in bands), or a condition: terrain, weather, season, surprise, "
            "air_superiority, posture."
        ),
    ] = "year",
    year: YearOption = None,
    from_: FromOption = None,
    to: ToOption = None,
    kind: KindOption = None,
    belligerent: BelligerentOption = None,
    part_of: PartOfOption = None,
    place: PlaceOption = None,
    winner: WinnerOption = None,
    role: RoleOption = None,
    where: WhereOption = None,
    sort: Annotated[
        str, typer.Option(help="Sort by group, count, strength, losses or civilians.")
    ] = "group",
    reverse: Annotated[bool, typer.Option(help="Reverse the order.")] = False,
    limit: LimitOption = None,
    all_: AllOption = False,
    fmt: FormatOption = OutFormat.table,
    output: OutputOption = None,
    svg: SvgOption = None,
    html: HtmlOption = None,
    force: ForceOption = False,
) -> None:
    """Records counted by group, with their strength, losses and civilians' losses summed
    as ranges (and how many records state none), the median losses, and a bar chart.

    Example: battles stats --by month --kind battle
    """
    from battles import analysis

    options = output_options(fmt, output, svg, html, force)
    flt = Filters(year, from_, to, kind, belligerent, part_of, place, winner, role, where).build()
    found = analysis.stats(load_data(ctx), by, flt, sort=sort, reverse=reverse)
    _emit_rows(found, options, limit, all_)


class CiteFormat(str, Enum):
    text = "text"
    bibtex = "bibtex"
    csl_json = "csl-json"
    ris = "ris"


@app.command()
def cite(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            help="Id, name or alias of the record.",
            autocompletion=_complete_battle,
            show_default=False,
        ),
    ],
    fmt: Annotated[
        CiteFormat, typer.Option("--format", "-f", help="text, bibtex, csl-json or ris.")
    ] = CiteFormat.text,
    output: OutputOption = None,
) -> None:
    """A citation of the record (as an entry of the dataset, with its version) and of the
    sources behind it, for reference managers. Format v1 sources hold a title, an address
    and a note only: authors, years and publishers are not written because they are not
    recorded.

    Example: battles cite krusevac --format bibtex
    """
    from battles import analysis
    from battles.render.cite import WRITERS
    from battles.render.output import write_text

    write_text(WRITERS[fmt.value](analysis.citation(load_data(ctx), name)), output)


class ExportFormat(str, Enum):
    json = "json"
    csv = "csv"
    sqlite = "sqlite"
    geojson = "geojson"
    site = "site"


@app.command()
def export(
    ctx: typer.Context,
    path: Annotated[
        Path, typer.Argument(help="The file (a folder: csv, site) to write.", show_default=False)
    ],
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="json, csv, sqlite, geojson or site.")
    ] = ExportFormat.json,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace PATH if it is an earlier export in this format."),
    ] = False,
) -> None:
    """Write the whole active dataset for other tools: one JSON document, a directory of CSV
    tables, an SQLite database (Datasette reads it), GeoJSON points, or a static website
    (a folder that opens from disk: an index, a page per battle, timeline, comparisons).

    Example: battles export battles.db --format sqlite
    """
    from battles import export as exporter

    dataset = load_data(ctx)
    exporter.export(dataset, path, fmt.value, force=force)
    sys.stderr.write(f"battles: wrote {clean(str(path))} ({len(dataset.records)} records)\n")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the record format, for editors that check YAML as it is
    typed (see the README).

    Example: battles schema > record.schema.json
    """
    from battles.jsonschema import record_schema
    from battles.render.output import write_text

    write_text(record_schema(), None)


def _target_dir(ctx: typer.Context) -> Path:
    """Where new records go: the first data directory in use."""
    from battles import loader

    return loader.data_dirs(settings(ctx).data_dirs)[0]


@app.command()
def new(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The record's name.", show_default=False)],
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
) -> None:
    """Write a skeleton record, data/<id>.yaml (or into --data-dir): every field of the
    format, commented, with an example of each form of figure. Prints the file's path.

    Example: battles new "Battle of Loznica"
    """
    from battles import draft as drafting
    from battles.fsutil import atomic_write_text
    from battles.loader import slug, transliterate

    key = slug(transliterate(name))
    if not key:
        from battles.errors import UsageError

        raise UsageError("the name has no letters or digits to make an id from")
    path = _target_dir(ctx) / f"{key}.yaml"
    atomic_write_text(path, drafting.skeleton(name), force=force)
    sys.stdout.write(f"{clean(str(path))}\n")


@app.command()
def draft(
    ctx: typer.Context,
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Articles with an infobox ('- Param: value' lines or wikitext), directories "
            "of them, - for stdin; with --wikipedia, titles or addresses of articles.",
            show_default=False,
        ),
    ] = None,
    wikipedia: Annotated[
        bool, typer.Option("--wikipedia", help="Fetch the articles from Wikipedia.")
    ] = False,
    lang: Annotated[
        str, typer.Option("--lang", help="Wikipedia's language edition (en, sr...).")
    ] = "en",
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="Write one draft here instead of data/<id>.yaml; - for stdout.",
            show_default=False,
        ),
    ] = None,
    into: Annotated[
        str | None,
        typer.Option("--into", help="Write the drafts into this directory.", show_default=False),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace files that exist.")] = False,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Seconds to wait for Wikipedia.", min=0.1, max=300)
    ] = 20.0,
) -> None:
    """Draft records from articles' infoboxes: dates with their precision, figures in their
    forms with the original text beside them, losses by kind, commanders' fates, the unit
    tree, the first paragraph as a summary to rewrite. Anything not read with full confidence
    carries a '# CHECK:' comment, and 'battles validate' warns about each one. Many inputs end
    with a summary: drafted, skipped (exists), failed, and the CHECKs of each draft.

    Examples: battles draft article.txt -o -; battles draft articles/;
    battles draft --wikipedia "Battle of Kosovo" --lang sr
    """
    from battles.draft import batch, report

    request = batch.Request(inputs or [], wikipedia, lang, output, force, timeout)
    target = Path(into) if into else _target_dir(ctx)
    if batch.is_single(request):
        drafted = batch.jobs(request)[0].read()
        shown = (
            drafted.yaml if output == "-" else f"{batch.write(drafted, target, output, force)}\n"
        )
        sys.stdout.write(clean(shown, newlines=True))
        return
    with report.progress(len(batch.jobs(request))) as step:
        outcomes = batch.draft_many(request, target, step)
    sys.stdout.write(clean(report.summary(outcomes), newlines=True))
    if any(o.status == "failed" for o in outcomes):
        raise typer.Exit(1)


class DatasetName(str, Enum):
    cdb90 = "cdb90"
    acw = "acw"


@app.command("import")
def import_(
    ctx: typer.Context,
    dataset: Annotated[DatasetName, typer.Argument(help="cdb90 or acw.", show_default=False)],
    path: Annotated[
        Path,
        typer.Argument(
            help="The dataset's folder, as its repository publishes it.", show_default=False
        ),
    ],
    into: Annotated[
        Path,
        typer.Option("--into", help="Write the records into this directory.", show_default=False),
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Replace records an earlier import wrote.")
    ] = False,
) -> None:
    """Import a public battle dataset: one record (schema version 2) per battle, every figure
    citing the dataset's table and row. Progress on stderr, a summary line at the end.

    Examples: battles import cdb90 ~/CDB90 --into cdb90; battles --data-dir cdb90 list
    """
    from battles.importers.run import quiet, run

    shown = _progress(f"importing {dataset.value}", settings(ctx))

    @contextlib.contextmanager
    def progress(total: int) -> Iterator[Callable[[], None]]:
        with shown(total) as step:
            yield lambda: step(1)

    summary = run(dataset.value, path, into, force=force, progress=progress if shown else quiet)
    sys.stdout.write(f"{clean(summary.line())}\n")


def main() -> None:
    """The ``battles`` entry point."""
    import gc

    from battles.errors import Interrupted, catch_signals
    from battles.render import output

    gc.disable()  # a short run that builds many objects and frees them at exit: no cycles
    output.EXIT_WHEN_DONE = True
    output.steady_stdout()
    catch_signals()  # SIGTERM and SIGHUP clean up temporary files, then end the run
    try:
        app()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except Interrupted as exc:  # everything is cleaned up: end by the signal, as asked
        import signal

        signal.signal(exc.signum, signal.SIG_DFL)
        os.kill(os.getpid(), exc.signum)
        code = 128 + exc.signum
    output.finish(code)
