"""The command line: parse arguments, call the core, hand the result to a renderer.

Errors from the core (:class:`~battles.errors.BattlesError`) are turned into one message on
stderr and an exit code in one place, :class:`BattlesGroup`. Rich, msgspec and YAML are
imported only by the commands that use them, so ``--help`` and ``--version`` stay quick.

This module does not use ``from __future__ import annotations``: Typer reads every option's
annotation, and string annotations would cost an ``eval`` each on every run.
"""

import contextlib
import copy
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, NoReturn, TypeVar

import typer
from typer.core import TyperGroup

from battles import __version__
from battles.environment import Environment, current, using
from battles.errors import BattlesError, ExitCode
from battles.text import clean

if TYPE_CHECKING:
    from battles.loading import Dataset
    from battles.questions.listing import ListResult
    from battles.render.output import OutputOptions


R = TypeVar("R")


class ListSort(str, Enum):
    date = "date"
    name = "name"
    casualties = "casualties"
    strength = "strength"


class CompareBy(str, Enum):
    side = "side"
    battle = "battle"


class Scale(str, Enum):
    auto = "auto"
    linear = "linear"
    log = "log"


# compare --sort: the columns of losses and strength, and (with --ratios) the ratios'.
CompareSort = Enum(  # type: ignore[misc]
    "CompareSort",
    {
        name: name
        for name in (
            "killed",
            "wounded",
            "captured",
            "missing",
            "other",
            "total",
            "strength",
            "share",
            "battle",
            "side",
            "date",
            "force",
            "exchange",
            "second-share",
            "days",
            "per-day",
        )
    },
    type=str,
)
StatsBy = Enum(  # type: ignore[misc]
    "StatsBy",
    {
        name: name
        for name in (
            "year",
            "month",
            "decade",
            "century",
            "kind",
            "part_of",
            "side",
            "belligerent",
            "role",
            "outcome",
            "winner",
            "force_ratio",
            "terrain",
            "weather",
            "season",
            "surprise",
            "air_superiority",
            "posture",
        )
    },
    type=str,
)
StatsSort = Enum(  # type: ignore[misc]
    "StatsSort",
    {name: name for name in ("group", "count", "strength", "losses", "civilians")},
    type=str,
)

STATS_BY_YEAR = StatsBy("year")
STATS_SORT_GROUP = StatsSort("group")


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
WidthOption = Annotated[
    int | None,
    typer.Option(
        "--width",
        min=20,
        max=1000,
        help="Draw the table view this many columns wide (in the terminal, --output, --svg "
        "and --html; default: the terminal's width, 100 in a file).",
        show_default=False,
    ),
]

# model.Kind's values; a copy, so that --help does not import the model (a test compares them)
KIND_NAMES = ("battle", "siege", "attack", "operation", "uprising", "massacre")


def _kinds(values: list[str] | None) -> list[str] | None:
    """The kinds asked for, in lower case; an unknown one is a usage error naming the six."""
    if not values:
        return values
    chosen = [value.strip().lower() for value in values]
    unknown = [value for value in chosen if value not in KIND_NAMES]
    if unknown:
        raise typer.BadParameter(
            f"{clean(unknown[0])!r} is not a kind; choose {', '.join(KIND_NAMES)}"
        )
    return chosen


def _complete_kind(incomplete: str) -> list[str]:
    """The kinds that start with what was typed, whatever its case (kept as typed)."""
    typed = incomplete.lower()
    return [incomplete + kind[len(typed) :] for kind in KIND_NAMES if kind.startswith(typed)]


KindOption = Annotated[
    list[str] | None,
    typer.Option(
        help=f"Only records of this kind: {', '.join(KIND_NAMES)} (repeatable).",
        metavar="KIND",
        callback=_kinds,
        autocompletion=_complete_kind,
        show_default=False,
    ),
]


# The format an --output file's extension names, when --format is not given.
EXTENSION_FORMATS = {".csv": "csv", ".json": "json", ".md": "markdown", ".markdown": "markdown"}


def output_options(
    fmt: OutFormat,
    output: Path | None,
    svg: Path | None,
    html: Path | None,
    force: bool,
    width: int | None = None,
    ctx: typer.Context | None = None,
) -> "OutputOptions":
    """The output options; without --format, an --output file's extension chooses it
    (``-o losses.csv`` writes CSV; another extension, the table)."""
    from battles.errors import UsageError
    from battles.render.output import OutputOptions

    chosen = fmt.value
    source = ctx.get_parameter_source("fmt") if ctx is not None else None
    given = source is not None and getattr(source, "name", "DEFAULT") != "DEFAULT"
    if output is not None and not given:
        chosen = EXTENSION_FORMATS.get(output.suffix.lower(), chosen)
    if (svg or html) and chosen != "table":
        raise UsageError("--svg and --html save the table view; leave out --format")
    if width is not None and chosen != "table":
        raise UsageError("--width is the table view's: leave out --format")
    return OutputOptions(chosen, output, svg, html, force, width)  # type: ignore[arg-type]


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
    pager: bool = True


def say_error(message: str) -> None:
    """``battles: error: ...`` on stderr, in one line (no markup, no control characters)."""
    current().stderr.write(f"battles: error: {clean(message)}\n")


def fail(message: str, code: int = ExitCode.ERROR) -> NoReturn:
    """Say what is wrong on stderr and end the command with ``code``."""
    say_error(message)
    raise typer.Exit(code)


# The options of ``battles`` itself, which may also come after the command
# (``battles show krusevac --debug``): flags, and options that take a value.
GLOBAL_FLAGS = ("--debug", "--no-cache", "--follow-links", "--no-pager", "--quiet", "-q")
GLOBAL_VALUED = ("--data-dir",)
GLOBAL_EPILOG = (
    "Options of battles itself, also after the command: --data-dir DIR, --debug, "
    "--no-cache, --follow-links, --no-pager, --quiet (see battles --help)."
)


def command_position(args: Sequence[str], commands: Any) -> int | None:
    """Where in ``args`` the command is named (the first of ``commands`` that is not the
    value of a global option, before any ``--``), or None."""
    skip = False
    for i, arg in enumerate(args):
        if skip:
            skip = False
        elif arg in GLOBAL_VALUED:
            skip = True  # its value, not a command
        elif arg == "--":
            return None
        elif arg in commands:
            return i
    return None


def hoist_global_options(args: list[str], commands: Any) -> list[str]:
    """``args`` with the global options given after the command moved before it, where
    Click reads them. Nothing after ``--`` moves, nor the value of another option."""
    position = command_position(args, commands)
    if position is None:
        return args
    head, tail, moved = args[: position + 1], [], []
    rest = iter(args[position + 1 :])
    for arg in rest:
        if arg == "--":
            tail.append(arg)
            tail.extend(rest)
            break
        name = arg.split("=", 1)[0]
        if arg in GLOBAL_FLAGS:
            moved.append(arg)
        elif name in GLOBAL_VALUED:
            moved.append(arg)
            if "=" not in arg:
                value = next(rest, None)
                if value is not None:
                    moved.append(value)
        else:
            tail.append(arg)
    return [*head[:position], *moved, *head[position:], *tail]


class BattlesGroup(TyperGroup):
    """The command group: global options also after the command, named in every help."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for command in self.commands.values():  # every command's help names them
            command.epilog = GLOBAL_EPILOG

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist_global_options(args, self.commands))


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
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager",
            help="Write long output straight to the terminal, not through a pager "
            "(BATTLES_PAGER or PAGER choose the pager; default: less -FRX).",
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    ctx.obj = Settings(tuple(data_dir or ()), debug, no_cache, follow_links, quiet, not no_pager)
    env = current()
    env.debug = env.debug or debug
    env.pager = env.pager and not no_pager


def settings(ctx: typer.Context) -> Settings:
    """The global options; during shell completion (when no callback runs) as parsed."""
    root_ctx = ctx.find_root()
    if isinstance(root_ctx.obj, Settings):
        return root_ctx.obj
    params = root_ctx.params
    return Settings(
        tuple(Path(p) for p in params.get("data_dir") or ()),
        bool(params.get("debug")),
        bool(params.get("no_cache")),
        bool(params.get("follow_links")),
        bool(params.get("quiet")),
        not params.get("no_pager"),
    )


def load_data(ctx: typer.Context) -> "Dataset":
    """The active dataset; records that did not load are reported in one line on stderr."""
    from battles import loading
    from battles.loading import cache

    chosen = settings(ctx)
    dataset = loading.load(
        loading.data_dirs(chosen.data_dirs),
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
    from battles import loading
    from battles.loading import cache
    from battles.questions import lookup

    chosen = settings(ctx)
    try:
        dataset = loading.load(
            loading.data_dirs(chosen.data_dirs),
            use_cache=cache.enabled(chosen.no_cache),
            follow_links=chosen.follow_links,
        )
    except BattlesError:
        return []
    return lookup.complete_names(dataset, incomplete)


# -- commands ------------------------------------------------------------------------------


YearOption = Annotated[int | None, typer.Option(help="Only records that overlap this year.")]
FromOption = Annotated[
    str | None,
    typer.Option("--from", help="Only records that end on or after this date (1941-10)."),
]
ToOption = Annotated[
    str | None, typer.Option(help="Only records that start on or before this date.")
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


@app.command("list", short_help="List the records, one line each.")
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
    sort: Annotated[
        ListSort,
        typer.Option(
            case_sensitive=False,
            help="Sort by date, name, casualties or strength (the last two largest first, "
            "with their column shown).",
        ),
    ] = ListSort.date,
    reverse: Annotated[bool, typer.Option(help="Reverse the order.")] = False,
    limit: LimitOption = None,
    all_: AllOption = False,
    fmt: FormatOption = OutFormat.table,
    output: OutputOption = None,
    svg: SvgOption = None,
    html: HtmlOption = None,
    force: ForceOption = False,
    width: WidthOption = None,
) -> None:
    """List the records in the dataset, one line each. In a terminal the list stops at what
    fits and says how many more there are; piped or with --format, everything is written.

    Example: battles list --year 1941 --kind siege; battles list --winner attacker
    --where terrain=rugged
    """
    from battles.questions import listing
    from battles.render.output import emit

    options = output_options(fmt, output, svg, html, force, width, ctx)
    filters = Filters(year, from_, to, kind, belligerent, part_of, place, winner, role, where)
    flt = filters.build()
    by = ListSort(sort).value
    dataset = load_data(ctx)  # held until the output is written (see timeline)
    if options.format == "json":  # from the entries the cache keeps, no brief decoded
        entries = listing.list_entries(dataset, flt, by, reverse)
        result = listing.ListResult([], len(entries), by, entries)
        size = len(entries)
    else:
        records = listing.list_records(dataset, flt, by, reverse)
        result = listing.ListResult(records, len(records), by)
        size = len(records)
    emit(_shown(result, options, limit, all_, _first_records, size), options)


def _first_records(result: "ListResult", count: int) -> "ListResult":
    from battles.questions.listing import ListResult

    return ListResult(result.records[:count], result.matched, result.sort, result.entries[:count])


@app.command("validate", short_help="Check records and report every problem.")
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
    fmt: FormatOption = OutFormat.table,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Check records and report every problem: errors (the file cannot be used) and
    warnings (it loads, but something looks wrong), each warning with its code. A record
    silences a warning it has checked with `reviewed:`. Exits 1 if there is any error.

    Example: battles validate data/
    """
    from battles import loading
    from battles import validate as checks
    from battles.render.output import emit

    chosen = settings(ctx)
    dataset = loading.load(
        paths or loading.data_dirs(chosen.data_dirs),
        positions=True,
        follow_links=chosen.follow_links,
    )
    report = checks.report(dataset, show_reviewed=all_)
    code = ExitCode.ERROR if report.errors else ExitCode.OK
    emit(report, output_options(fmt, output, None, None, force), exit_code=code)
    if code:
        raise typer.Exit(code)


@app.command("show", short_help="Everything a record holds, with its sources.")
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
    width: WidthOption = None,
) -> None:
    """Everything a record holds: dates, place, sides, leaders, units, strength and losses
    with their sources, phases, events, disagreements and numbered sources.

    Example: battles show krusevac
    """
    from battles.questions import show as asked
    from battles.render.output import emit

    options = output_options(fmt, output, svg, html, force, width, ctx)
    emit(asked.show(load_data(ctx), name), options)


@app.command("compare", short_help="Battles and sides side by side, with bars.")
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
        CompareBy,
        typer.Option(
            case_sensitive=False, help="One row per side, or per battle (sides added up)."
        ),
    ] = CompareBy.side,
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
        Scale,
        typer.Option(
            case_sensitive=False,
            help="Bars on a 'linear' or 'log' scale; 'auto' takes log where the values span "
            "more than two orders of magnitude.",
        ),
    ] = Scale.auto,
    kind: KindOption = None,
    sort: Annotated[
        CompareSort | None,
        typer.Option(
            case_sensitive=False,
            show_default=False,
            help="Sort by a column: killed, wounded, captured, missing, other, total, "
            "strength, share, battle, side or date (figures largest first).",
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
    width: WidthOption = None,
) -> None:
    """Battles and sides side by side: losses by kind, or strength, with a bar for each row
    that shows a range as a range.

    Example: battles compare --casualties krusevac kraljevo

    Example: battles compare --ratios --sort force
    """
    from battles.errors import UsageError
    from battles.questions import compare as compared
    from battles.render.output import emit

    options = output_options(fmt, output, svg, html, force, width, ctx)
    sort = None if sort is None else CompareSort(sort).value
    by_name, scale_name = CompareBy(by).value, Scale(scale).value
    if ratios:
        if strength or phases or civilians or share or by_name != "side":
            raise UsageError(
                "--ratios has its own columns: leave out --strength, --phases, "
                "--civilians, --share and --by"
            )
        _emit_ratios(ctx, names, kind, sort, reverse, options, limit, all_)
        return
    if casualties and strength:
        raise UsageError("choose one of --casualties and --strength")
    if civilians and strength:
        raise UsageError("--civilians compares losses: leave out --strength")
    measure: compared.Measure = "strength" if strength else "casualties"
    asked: dict[str, Any] = {
        "by": "battle" if by_name == "battle" else "side",
        "phases": phases,
        "civilians": "only" if civilians else "with",
        "sort": sort,
        "reverse": reverse,
    }
    dataset = load_data(ctx)  # held until the output is written (see timeline)
    if options.format == "csv" and compared.made_of_kept_lines(**asked):  # no row made
        comparison = compared.compare_lines_in(
            dataset, names or (), kind or (), measure, civilians=asked["civilians"]
        )
    else:
        comparison = compared.compare_in(dataset, names or (), kind or (), measure, **asked)
    with_share = share and measure == "casualties"
    comparison = _shown(
        comparison,
        options,
        limit,
        all_,
        compared.first_rows,
        comparison.matched,
        share=with_share,
        scale=scale_name,
    )
    emit(comparison, options, share=with_share, scale=scale_name)


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
    from battles.questions.ratios import first_ratios, ratios_in
    from battles.render.output import emit

    found = ratios_in(load_data(ctx), names or (), kind or (), sort=sort, reverse=reverse)
    emit(_shown(found, options, limit, all_, first_ratios, len(found.rows)), options)


@app.command("timeline", short_help="What happened when, across battles.")
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
    kind: KindOption = None,
    context: Annotated[
        bool,
        typer.Option(
            "--context",
            help="Also show background events outside the battles' span (without a period, "
            "the timeline then spans them too).",
        ),
    ] = False,
    chart: Annotated[
        bool,
        typer.Option(
            "--chart",
            help="Only the chart, without the entries below it (e.g. a picture of it: "
            "--chart --svg FILE).",
        ),
    ] = False,
    limit: LimitOption = None,
    all_: AllOption = False,
    fmt: FormatOption = OutFormat.table,
    output: OutputOption = None,
    svg: SvgOption = None,
    html: HtmlOption = None,
    force: ForceOption = False,
    width: WidthOption = None,
) -> None:
    """What happened when, across battles: a strip chart of each battle's span, then every
    dated event and each battle's start and end, month by month. In a terminal the chart
    shows every battle of the period and the entries that fit below it.

    Example: battles timeline 1941-09..1941-11 --battle krusevac --battle kraljevo
    """
    from battles.questions import timeline as timelines
    from battles.render.output import emit

    options = output_options(fmt, output, svg, html, force, width, ctx)

    chosen = timelines.parse_period(period) if period else None
    if options.format == "csv" and not chart:  # the lines the cache keeps, no entry made
        asked = timelines.timeline_lines_in
    else:
        asked = timelines.timeline_in
    # The dataset is held until the output is written: the run then ends without freeing
    # it (a timeline's records hold a hundred thousand lines).
    dataset = load_data(ctx)
    line = asked(dataset, battle or (), kind or (), chosen, context=context)
    if chart:
        line = timelines.chart_only(line)
    else:
        cut = timelines.first_entries
        line = _shown(line, options, limit, all_, cut, line.matched, fewest=0)
    emit(line, options)


@app.command("search", short_help="Find text in every field of the records.")
def search(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            help="The words to look for, all of them, in any order.", show_default=False
        ),
    ],
    year: YearOption = None,
    from_: FromOption = None,
    to: ToOption = None,
    kind: KindOption = None,
    belligerent: BelligerentOption = None,
    part_of: PartOfOption = None,
    place: PlaceOption = None,
    limit: Annotated[
        int | None, typer.Option(min=1, help="Show the first N hits.", show_default=False)
    ] = None,
    fmt: FormatOption = OutFormat.table,
    output: OutputOption = None,
    svg: SvgOption = None,
    html: HtmlOption = None,
    force: ForceOption = False,
    width: WidthOption = None,
) -> None:
    """Search names, aliases, places, belligerents, commanders, units, events and notes for
    records that hold every word, in any order, ignoring case, accents and script (Cyrillic
    or Latin); each hit shows its battle and the field it was found in. The filters of
    `list` narrow the records searched.

    Example: battles search Mihailovic Draza --kind battle
    """
    from battles.questions import search as asked
    from battles.render.output import emit

    options = output_options(fmt, output, svg, html, force, width, ctx)
    filters = Filters(year, from_, to, kind, belligerent, part_of, place)
    flt = None if filters == Filters() else filters.build()
    emit(asked.search(load_data(ctx), " ".join(words), flt, limit), options)


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
        """The filter as the core takes it (filters.ListFilter); a bad date is a usage error."""
        from battles.dates import parse_date
        from battles.errors import DateError, UsageError
        from battles.questions import filters

        try:
            return filters.ListFilter(
                year=self.year,
                start=parse_date(self.from_) if self.from_ else None,
                end=parse_date(self.to) if self.to else None,
                kinds=tuple(self.kind or ()),
                belligerent=self.belligerent,
                part_of=self.part_of,
                place=self.place,
                winner=self.winner,
                role=filters.check_role(self.role),
                where=filters.parse_where(self.where or ()),
            )
        except DateError as exc:
            raise UsageError(str(exc)) from None


def _records(ctx: typer.Context, name: str | None, filters: Filters) -> Any:
    """The record named, or the records that pass the filters, as analysis reads them."""
    from battles.questions.records import records

    if name is not None and filters != Filters():
        from battles.errors import UsageError

        raise UsageError("a battle's name and the filters do not go together: give one")
    return records(load_data(ctx), name, None if name else filters.build())


def _filter(name: str | None, filters: Filters) -> Any:
    """The filter of an analysis command: none when a battle is named (the two do not go
    together)."""
    if name is not None and filters != Filters():
        from battles.errors import UsageError

        raise UsageError("a battle's name and the filters do not go together: give one")
    return None if name else filters.build()


def _emit_rows(result: Any, options: "OutputOptions", limit: int | None, all_: bool) -> None:
    from battles.questions.records import first_rows
    from battles.render.output import emit

    emit(_shown(result, options, limit, all_, first_rows, len(result.rows)), options)


def _complete_name(ctx: typer.Context, incomplete: str, what: str) -> list[str]:
    """Shell completion of people's or units' names, as slugs (which the lookup accepts)."""
    from battles import loading
    from battles.loading import cache
    from battles.questions.people import people_in
    from battles.questions.units import units_in

    chosen = settings(ctx)
    try:
        dataset = loading.load(
            loading.data_dirs(chosen.data_dirs), use_cache=cache.enabled(chosen.no_cache)
        )
        question = people_in if what == "people" else units_in
        found = question(dataset, None)
    except BattlesError:
        return []
    from battles.questions.lookup import keep_typed
    from battles.text import slug

    typed = slug(incomplete)
    names = dict.fromkeys(slug(row.name) for row in found.rows)
    return [keep_typed(incomplete, typed, name) for name in names if name.startswith(typed)]


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


@app.command("disputes", short_help="Where sources disagree, in one table.")
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
    width: WidthOption = None,
) -> None:
    """Where sources disagree, in one table: each disagreement a record notes, each figure
    given as estimates that differ, each other dating; every version with its sources.

    Example: battles disputes krusevac
    """
    from battles.questions.disputes import disputes_in

    options = output_options(fmt, output, svg, html, force, width, ctx)
    filters = Filters(year, from_, to, kind, belligerent, part_of, place, winner, role, where)
    found = disputes_in(load_data(ctx), name, _filter(name, filters))
    _emit_rows(found, options, limit, all_)


@app.command("sources", short_help="Each source and the figures it supports.")
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
    width: WidthOption = None,
) -> None:
    """Each source with the records and figures it supports, most used first (the same
    title and address in several records is one source); with a battle, each field every
    source of that record supports.

    Example: battles sources krusevac
    """
    from battles.questions.records import battle_of
    from battles.questions.sources import sources as cited_in
    from battles.questions.sources import sources_in

    options = output_options(fmt, output, svg, html, force, width, ctx)
    filters = Filters(year, from_, to, kind, belligerent, part_of, place, winner, role, where)
    if name:  # each field citing a source: read from the record
        battle = battle_of(load_data(ctx), name)
        found = cited_in(_records(ctx, name, filters), battle)
    else:
        found = sources_in(load_data(ctx), _filter(None, filters))
    _emit_rows(found, options, limit, all_)


@app.command("people", short_help="Commanders and the battles they fought in.")
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
    width: WidthOption = None,
) -> None:
    """Commanders and the battles they fought in, with side, role, whom they served under
    and fate; with a name, that person's career in date order.

    Example: battles people novakovic
    """
    from battles.questions.people import people_in

    options = output_options(fmt, output, svg, html, force, width, ctx)
    filters = Filters(year, from_, to, kind, belligerent, part_of, place, winner, role, where)
    found = people_in(load_data(ctx), _filter(None, filters), name)
    _emit_rows(found, options, limit, all_)


@app.command("units", short_help="Where each unit fought.")
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
    width: WidthOption = None,
) -> None:
    """Where each unit of the records' unit trees fought: battle, side, the units it was
    part of, and its strength where recorded.

    Example: battles units 749th
    """
    from battles.questions.units import units_in

    options = output_options(fmt, output, svg, html, force, width, ctx)
    filters = Filters(year, from_, to, kind, belligerent, part_of, place, winner, role, where)
    found = units_in(load_data(ctx), _filter(None, filters), name)
    _emit_rows(found, options, limit, all_)


@app.command("stats", short_help="Records counted and summed by group.")
def stats(
    ctx: typer.Context,
    by: Annotated[
        StatsBy,
        typer.Option(
            case_sensitive=False,
            help="Group by year, month, decade, century, kind, part_of, side, belligerent, "
            "role, outcome, winner, force_ratio (the attacker's strength over the "
            "defender's, in bands), or a condition: terrain, weather, season, surprise, "
            "air_superiority, posture.",
        ),
    ] = STATS_BY_YEAR,
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
        StatsSort,
        typer.Option(
            case_sensitive=False, help="Sort by group, count, strength, losses or civilians."
        ),
    ] = STATS_SORT_GROUP,
    reverse: Annotated[bool, typer.Option(help="Reverse the order.")] = False,
    limit: LimitOption = None,
    all_: AllOption = False,
    fmt: FormatOption = OutFormat.table,
    output: OutputOption = None,
    svg: SvgOption = None,
    html: HtmlOption = None,
    force: ForceOption = False,
    width: WidthOption = None,
) -> None:
    """Records counted by group, with their strength, losses and civilians' losses summed
    as ranges (and how many records state none), the median losses, and a bar chart.

    Example: battles stats --by month --kind battle
    """
    from battles.questions.stats import stats as grouped

    options = output_options(fmt, output, svg, html, force, width, ctx)
    flt = Filters(year, from_, to, kind, belligerent, part_of, place, winner, role, where).build()
    found = grouped(
        load_data(ctx), StatsBy(by).value, flt, sort=StatsSort(sort).value, reverse=reverse
    )
    _emit_rows(found, options, limit, all_)


class CiteFormat(str, Enum):
    text = "text"
    bibtex = "bibtex"
    csl_json = "csl-json"
    ris = "ris"


@app.command("cite", short_help="A citation of a record and its sources.")
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
    sources behind it, for reference managers: each source's kind, authors, publisher,
    year, pages, version, access date, table and row where the record gives them (format
    2); a format 1 source has a title, an address and a note only.

    Example: battles cite krusevac --format bibtex
    """
    from battles.questions.cite import citation
    from battles.render.cite import WRITERS
    from battles.render.output import write_text

    write_text(WRITERS[fmt.value](citation(load_data(ctx), name)), output)


class ExportFormat(str, Enum):
    json = "json"
    csv = "csv"
    sqlite = "sqlite"
    geojson = "geojson"
    site = "site"


@app.command("export", short_help="Write the whole dataset for other tools.")
def export(
    ctx: typer.Context,
    path: Annotated[
        Path,
        typer.Argument(
            help="The file (a folder: csv, site) to write; - for stdout (json, geojson, and "
            "one csv table).",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="json, csv, sqlite, geojson or site.")
    ] = ExportFormat.json,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace PATH if it is an earlier export in this format."),
    ] = False,
    table: Annotated[
        str,
        typer.Option(
            "--table", help="With - and --format csv: the table to write (battles, sides...)."
        ),
    ] = "battles",
) -> None:
    """Write the whole active dataset for other tools: one JSON document, a directory of CSV
    tables, an SQLite database (Datasette reads it), GeoJSON points, or a static website
    (a folder that opens from disk: an index, a page per battle, timeline, comparisons).
    Every export holds what the JSON one does, notes and all; a record's file is named
    relative to its data directory.

    Example: battles export battles.db --format sqlite
    """
    from battles import loading
    from battles.render import export as exporter

    dataset = load_data(ctx)
    roots = loading.data_dirs(settings(ctx).data_dirs)
    quiet = settings(ctx).quiet  # no progress bar for a long export
    what = exporter.export(
        dataset, path, fmt.value, force=force, roots=roots, table=table, quiet=quiet
    )
    where = "stdout" if str(path) == "-" else clean(str(path))
    sys.stderr.write(f"battles: wrote {where} ({clean(what)})\n")


@app.command("schema", short_help="Print the JSON Schema of the record format.")
def schema() -> None:
    """Print the JSON Schema of the record format, for editors that check YAML as it is
    typed (see the README).

    Example: battles schema > record.schema.json
    """
    from battles.jsonschema import record_schema
    from battles.render.output import write_text

    write_text(record_schema(), None)


def _target_dir(ctx: typer.Context) -> Path:
    """Where new records go (see loading.workspace_dir): never the installed package."""
    from battles import loading

    return loading.workspace_dir(settings(ctx).data_dirs)


@app.command("new", short_help="Write a skeleton record to fill in.")
def new(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The record's name.", show_default=False)],
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
) -> None:
    """Write a skeleton record, <id>.yaml: every field of the format, commented, with an
    example of each form of figure. Prints the file's path. It goes into --data-dir (or
    BATTLES_DATA), else ./data when the current directory holds a battles dataset, else
    your own records' folder (~/.local/share/battles/records on Linux), which every command
    reads beside the bundled records.

    Example: battles new "Battle of Loznica"
    """
    from battles import draft as drafting
    from battles.fsutil import atomic_write_text
    from battles.text import slug, transliterate

    key = slug(transliterate(name))
    if not key:
        from battles.errors import UsageError

        raise UsageError("the name has no letters or digits to make an id from")
    path = _target_dir(ctx) / f"{key}.yaml"
    atomic_write_text(path, drafting.skeleton(name), force=force)
    sys.stdout.write(f"{clean(str(path))}\n")


@app.command("draft", short_help="Draft records from articles' infoboxes.")
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
            help="Write one draft here instead of <id>.yaml where `new` writes; - for stdout.",
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


@app.command("import", short_help="Import a public battle dataset as records.")
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
        Path | None,
        typer.Option(
            "--into",
            help="Write the records into this directory (default: a folder named after the "
            "dataset where `new` writes; never the installed package).",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace records an earlier import wrote.")
    ] = False,
) -> None:
    """Import a public battle dataset: one record (schema version 2) per battle, every figure
    citing the dataset's table and row. Progress on stderr, a summary line at the end.

    Examples: battles import cdb90 ~/CDB90 --into cdb90; battles --data-dir cdb90 list
    """
    from battles import loading
    from battles.importers.run import quiet, run

    # an explicit --into is checked as --data-dir is: not inside the installed package
    target = loading.workspace_dir([into]) if into else _target_dir(ctx) / dataset.value
    shown = _progress(f"importing {dataset.value}", settings(ctx))

    @contextlib.contextmanager
    def progress(total: int) -> Iterator[Callable[[], None]]:
        with shown(total) as step:
            yield lambda: step(1)

    summary = run(dataset.value, path, target, force=force, progress=progress if shown else quiet)
    sys.stdout.write(f"{clean(summary.line())}\n")


def app_for(argv: Sequence[str]) -> typer.Typer:
    """The application as a run of ``argv`` needs it: where ``argv`` names a command, with
    that command alone. Typer builds every registered command's options from its signature
    on each run, which is most of the start-up a command pays; the group's help, an unknown
    command (with its suggestions) and shell completion get every command."""
    commands = {info.name for info in app.registered_commands}
    position = command_position(argv, commands)
    if position is None:
        return app
    narrow = copy.copy(app)
    narrow.registered_commands = [i for i in app.registered_commands if i.name == argv[position]]
    return narrow


def program(argv: Sequence[str]) -> int:
    """The command line without the tool's error handling: parse ``argv``, run the command,
    and give its exit code. Click reports its own usage errors (exit code 2); the tool's
    errors reach :func:`main`, which reports them."""
    try:
        app_for(argv)(args=list(argv), prog_name="battles")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return ExitCode.OK


def main(argv: Sequence[str] | None = None, env: Environment | None = None) -> int:
    """Run ``battles`` with ``argv`` (else the process's arguments) in ``env`` (else the
    process's streams and terminal) and give the exit code. The one boundary where errors
    become one line on stderr and an exit code: 0 ok, 1 not found or bad data, 2 usage;
    a traceback only with ``--debug`` or ``BATTLES_DEBUG=1``."""
    from battles.render.output import OutputError, failed_output

    env = env or Environment()
    with using(env):
        try:
            return program(sys.argv[1:] if argv is None else argv)
        except OutputError as exc:  # one line (none for a closed pipe), never 0
            return failed_output(exc)
        except BattlesError as exc:
            if env.wants_debug():
                raise
            say_error(str(exc))
            return exc.exit_code
        except RecursionError:  # pragma: no cover - defensive: the loader bounds nesting
            if env.wants_debug():
                raise
            say_error("the data is nested too deeply to process")
            return ExitCode.ERROR


def entry() -> NoReturn:
    """The ``battles`` program: :func:`main` in the process's own environment, which may end
    as soon as its output is written (no time spent freeing a large dataset)."""
    import gc

    from battles.errors import Interrupted, catch_signals
    from battles.render import output

    gc.disable()  # a short run that builds many objects and frees them at exit: no cycles
    output.steady_stdout()
    catch_signals()  # SIGTERM and SIGHUP clean up temporary files, then end the run
    try:
        code = main(sys.argv[1:], Environment(exit_when_done=True))
    except Interrupted as exc:  # everything is cleaned up: end by the signal, as asked
        import signal

        signal.signal(exc.signum, signal.SIG_DFL)
        os.kill(os.getpid(), exc.signum)
        code = 128 + exc.signum
    output.finish(code)
