"""Safe YAML reading that remembers where every value came from.

The file is composed into nodes (libyaml when present) and turned into plain Python data by
hand, so no tag can ever build an object. Only the JSON-like core of YAML is accepted:
mappings with string keys, sequences, strings, integers, floats, ``true``/``false`` and
``null``. YAML 1.1 surprises are kept out: ``no`` stays the string "no", ``14:30`` stays
"14:30", and ``1941-09-23`` stays a string for the date parser. Duplicate keys, aliases and
deep nesting are refused.
"""

from __future__ import annotations

import contextlib
import operator
import re
from collections.abc import Callable, Iterator
from typing import Any, NoReturn

import msgspec
import yaml

from battles.errors import DataError, Location
from battles.positions import FieldPath, Positions, format_path

try:  # libyaml is much faster; the pure-Python parser gives the same nodes
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_BYTES = 2_000_000
MAX_DEPTH = 40
MAX_NODES = 200_000


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


class _Loader(_BaseLoader):
    """A loader whose implicit types are YAML 1.2's core schema, minus the surprises."""

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012


_INT_TEXT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT_TEXT = re.compile(
    r"(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\Z"
)
MAX_DIGITS = 18  # a whole number a record can hold: far more than any figure (see figures.py)
MAX_FLOAT_TEXT = 40  # a coordinate needs a dozen characters

for _tag, _pattern, _first in [
    (_BOOL, r"^(?:true|false)$", "tf"),
    (_INT, "^" + _INT_TEXT.pattern.replace("\\Z", "$"), "-+0123456789"),
    (_FLOAT, "^" + _FLOAT_TEXT.pattern.replace("\\Z", "$"), "-+0123456789."),
    (_NULL, r"^(?:~|null|)$", ["~", "n", ""]),
]:
    _Loader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))

# The implicit resolvers by first character ("" for an empty scalar), for _resolve.
_BY_FIRST: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    first: tuple(found) for first, found in _Loader.yaml_implicit_resolvers.items()
}
assert None not in _BY_FIRST  # no resolver for every first character


def _resolve(self: Any, kind: Any, value: Any, implicit: Any) -> str:
    """PyYAML's ``BaseResolver.resolve`` for a loader with no path resolvers, quicker: libyaml's
    composer calls it for every node, and the general one did a fifth of a file's parse."""
    if kind is yaml.ScalarNode:
        if implicit[0]:
            for tag, pattern in _BY_FIRST.get(value[:1], ()):
                if pattern.match(value):
                    return tag
        return _STR
    return _SEQ if kind is yaml.SequenceNode else _MAP


_Loader.resolve = _resolve  # type: ignore[method-assign]
# Path resolvers are never added: nothing to descend into or ascend from. libyaml's composer
# calls both hooks for every node; C functions that do nothing of note (``operator.is_(parent,
# index)``, ``int()``) cost less than a call of Python code, twice per node.
_Loader.descend_resolver = staticmethod(operator.is_)  # type: ignore[method-assign,assignment]
_Loader.ascend_resolver = staticmethod(int)  # type: ignore[method-assign,assignment]


# -- the lean composition of a first run ---------------------------------------------------
#
# libyaml's composer (PyYAML's ``_yaml`` module) makes a node of PyYAML's classes for every
# value, each through an ``__init__`` written in Python, and asks the loader's ``resolve``
# (Python again) for each node's tag: most of the time of a parse. A first run needs only
# each node's kind, tag and value: while it composes, the module's node classes are these
# structs (made in C), and ``resolve`` is ``slice``, which keeps what it is given (the kind,
# the value, whether a scalar was plain or quoted) for :func:`_lean` to resolve itself.
# What the lean walk does not take plainly is composed again the usual way. The classes are
# swapped only for the call that composes (the tool composes in one thread at a time), and
# the lean walk checks each node's class: were PyYAML to stop taking its classes from its
# module, the walk would meet PyYAML's nodes and hand them to the usual path.


class _Scalar(msgspec.Struct, gc=False):
    tag: Any
    value: Any
    start_mark: Any = None
    end_mark: Any = None
    style: Any = None


class _Sequence(msgspec.Struct):
    tag: Any
    value: Any
    start_mark: Any = None
    end_mark: Any = None
    flow_style: Any = None


class _Mapping(msgspec.Struct):
    tag: Any
    value: Any
    start_mark: Any = None
    end_mark: Any = None
    flow_style: Any = None


_NODE_CLASSES = ("ScalarNode", "SequenceNode", "MappingNode")
try:
    from yaml import _yaml as _composer

    class _LeanLoader(_composer.CParser):
        """libyaml's parser alone (no constructor: nothing to set up in Python)."""

        resolve = slice
        descend_resolver = staticmethod(operator.is_)
        ascend_resolver = staticmethod(int)

    _lean_composes = all(hasattr(_composer, name) for name in _NODE_CLASSES)
except ImportError:  # pragma: no cover - PyYAML without libyaml
    _lean_composes = False


@contextlib.contextmanager
def _lean_nodes() -> Iterator[None]:
    """libyaml's composer makes lean nodes while in this block (see above)."""
    saved = [getattr(_composer, name) for name in _NODE_CLASSES]
    for name, lean in zip(_NODE_CLASSES, (_Scalar, _Sequence, _Mapping), strict=True):
        setattr(_composer, name, lean)
    try:
        yield
    finally:
        for name, kept in zip(_NODE_CLASSES, saved, strict=True):
            setattr(_composer, name, kept)


def _whole(text: str) -> int | None:
    """``text`` as a whole number, or None when it is not one (``!!int "abc"``, ``0x1F``,
    ``1_000``) or has more digits than a record can need (``int()`` of thousands of digits
    costs time, and Python refuses it past 4,300)."""
    if _INT_TEXT.match(text) is None or len(text.lstrip("+-")) > MAX_DIGITS:
        return None
    return int(text)


def _shown(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def _number_problem(text: str, kind: str) -> tuple[str, str]:
    if _INT_TEXT.match(text) or _FLOAT_TEXT.match(text):
        return (
            f"a number of {len(text.lstrip('+-')):,} characters is too long for a record",
            f"at most {MAX_DIGITS} digits",
        )
    return (
        f"{_shown(text)!r} is not {kind}",
        "write the digits alone, without 0x or underscores, or quote the text",
    )


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


class _Builder:
    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.positions = Positions()
        self.seen: set[int] = set()
        self.count = 0

    def fail(
        self, node: yaml.Node, path: FieldPath, message: str, hint: str | None = None
    ) -> DataError:
        mark = node.start_mark
        return DataError(
            message,
            Location(self.filename, mark.line + 1, mark.column + 1, format_path(path) or None),
            hint,
        )

    def build(self, node: yaml.Node, path: FieldPath, depth: int) -> Any:
        if id(node) in self.seen:
            raise self.fail(
                node,
                path,
                "YAML aliases (*name) are not allowed in records",
                "write the value out in full",
            )
        self.seen.add(id(node))
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(node, path, f"more than {MAX_NODES:,} values in one record")
        if depth > MAX_DEPTH:
            raise self.fail(node, path, f"nested more than {MAX_DEPTH} levels deep")
        self.positions.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                raise self.fail(node, path, f"the tag {_short_tag(node.tag)} is not allowed")
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR:
                    raise self.fail(key_node, path, "a key must be plain text")
                key = key_node.value
                key_path = (*path, key)
                if key == "<<":
                    raise self.fail(key_node, path, "YAML merge keys (<<) are not allowed")
                if key in result:
                    first = self.positions.keys[key_path]
                    raise self.fail(
                        key_node,
                        key_path,
                        f"duplicate key {key!r} (first at line {first[0]})",
                        "keep one of them",
                    )
                self.positions.keys[key_path] = (
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
                result[key] = self.build(value_node, key_path, depth + 1)
            return result
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                raise self.fail(node, path, f"the tag {_short_tag(node.tag)} is not allowed")
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self.scalar(node, path)

    def scalar(self, node: yaml.ScalarNode, path: FieldPath) -> Any:
        tag, text = node.tag, node.value
        if tag == _STR:
            return text
        if tag == _INT:
            whole = _whole(text)
            if whole is None:
                raise self.fail(node, path, *_number_problem(text, "a whole number"))
            return whole
        if tag == _FLOAT:
            lowered = text.lower()
            if lowered.endswith(("inf", "nan")) and _FLOAT_TEXT.match(text):
                raise self.fail(node, path, f"{_shown(text)} is not a number a record can hold")
            if not _FLOAT_TEXT.match(text) or len(text) > MAX_FLOAT_TEXT:
                raise self.fail(node, path, *_number_problem(text, "a number"))
            value = float(text)
            if value in (float("inf"), float("-inf")):
                raise self.fail(node, path, f"{_shown(text)} is too large to be a number")
            return value
        if tag == _BOOL:
            return text == "true"
        if tag == _NULL:
            return None
        raise self.fail(
            node,
            path,
            f"the tag {_short_tag(tag)} is not allowed",
            "records hold only text, numbers, lists and mappings",
        )


def too_big(size: int, filename: str) -> NoReturn:
    raise DataError(
        f"the file is {size:,} bytes; a record may be at most {MAX_BYTES:,}",
        Location(filename),
        "split it, or check that it is really a record",
    )


def decode(raw: bytes, filename: str) -> str:
    """UTF-8 text (a BOM is fine); anything else is a :class:`DataError` with its position."""
    if len(raw) > MAX_BYTES:
        too_big(len(raw), filename)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError("the file is UTF-16", Location(filename, 1, 1), "save it as UTF-8")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise DataError(
            f"byte 0x{raw[exc.start]:02x} is not UTF-8",
            Location(filename, line, column),
            "save the file as UTF-8",
        ) from None
    if "\x00" in text:
        offset = text.index("\x00")
        raise DataError("the file contains a NUL byte", _at(filename, text, offset))
    found = _NOT_YAML.search(text) if _might_hold_controls(raw) else None
    if found is not None:
        char = found.group()
        raise DataError(
            f"the file contains the control character {_yaml_escape(char)}, which YAML does "
            "not allow",
            _at(filename, text, found.start()),
            f'remove it; inside double quotes write it as "{_yaml_escape(char)}"',
        )
    return text


# What YAML refuses to read (its "printable" characters are the others): PyYAML's reader
# says only "special characters are not allowed", at an offset; this says where.
_NOT_YAML = re.compile(r"[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


_PLAIN_ASCII = bytes([0x09, 0x0A, 0x0D, *range(0x20, 0x7F)])
_NON_ASCII = bytes(range(0x80, 0x100))


def _might_hold_controls(raw: bytes) -> bool:
    """A quick look at the bytes (C speed) before the pattern looks at the text: what is
    neither plain ASCII nor UTF-8 of a character YAML allows. C1 controls are ``\xc2\x80``
    to ``\xc2\x9f`` in UTF-8, U+FFFE and U+FFFF ``\xef\xbf\xbe`` and ``\xef\xbf\xbf``."""
    rest = raw.translate(None, _PLAIN_ASCII)
    if not rest:
        return False
    if rest.translate(None, _NON_ASCII):  # an ASCII control character
        return True
    return b"\xc2" in rest or b"\xef\xbf\xbe" in raw or b"\xef\xbf\xbf" in raw


def _yaml_escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def _at(filename: str, text: str, offset: int) -> Location:
    """The line and column of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return Location(filename, line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


class NeedsPositions(Exception):
    """The fast build met something to report: build again, keeping positions."""


def _fast_int(text: str) -> int:
    value = _whole(text)
    if value is None:
        raise NeedsPositions
    return value


def _fast_float(text: str) -> float:
    if not _FLOAT_TEXT.match(text) or len(text) > MAX_FLOAT_TEXT:
        raise NeedsPositions
    value = float(text)
    if value - value != 0:  # inf or nan: the careful builder says which
        raise NeedsPositions
    return value


_SCALARS: dict[str, Callable[[str], Any]] = {
    _STR: str,
    _INT: _fast_int,
    _BOOL: lambda text: text == "true",
    _NULL: lambda text: None,
}


def _fast(node: yaml.Node, seen: set[int], depth: int) -> Any:
    """Plain data from nodes, without paths or positions: the common case, made quick.
    Anything unusual raises :class:`NeedsPositions`, and the careful builder reports it."""
    if depth > MAX_DEPTH or id(node) in seen:
        raise NeedsPositions
    seen.add(id(node))
    tag = node.tag
    if tag in _SCALARS:
        return _SCALARS[tag](node.value)
    if tag == _MAP:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key_node.tag != _STR or key == "<<" or key in result:
                raise NeedsPositions
            result[key] = _fast(value_node, seen, depth + 1)
        return result
    if tag == _SEQ:
        return [_fast(item, seen, depth + 1) for item in node.value]
    if tag == _FLOAT:
        if not _FLOAT_TEXT.match(node.value) or len(node.value) > MAX_FLOAT_TEXT:
            raise NeedsPositions
        value = float(node.value)
        if value - value != 0:  # inf or nan: the careful builder says which
            raise NeedsPositions
        return value
    raise NeedsPositions  # any other tag


def _plain(node: yaml.Node, depth: int, count: list[int]) -> Any:
    """:func:`_fast` for a text with no ``*`` (so no alias: every node is met once), with
    text values taken in the loop and the nodes counted in ``count`` (what ``seen`` holds)."""
    tag = node.tag
    if tag == _MAP:
        pairs = node.value
        if depth >= MAX_DEPTH and pairs:
            raise NeedsPositions
        count[0] += len(pairs)
        result: dict[str, Any] = {}
        for key_node, value_node in pairs:
            key = key_node.value
            if key_node.tag != _STR or key == "<<" or key in result:
                raise NeedsPositions
            result[key] = (
                value_node.value if value_node.tag == _STR else _plain(value_node, depth + 1, count)
            )
        return result
    if tag == _SEQ:
        items = node.value
        if depth >= MAX_DEPTH and items:
            raise NeedsPositions
        count[0] += len(items)
        return [
            item.value if item.tag == _STR else _plain(item, depth + 1, count) for item in items
        ]
    if tag in _SCALARS:
        return _SCALARS[tag](node.value)
    if tag == _FLOAT:
        if not _FLOAT_TEXT.match(node.value) or len(node.value) > MAX_FLOAT_TEXT:
            raise NeedsPositions
        value = float(node.value)
        if value - value != 0:
            raise NeedsPositions
        return value
    raise NeedsPositions


def _lean_scalar(node: Any) -> Any:
    """A lean scalar's value, its tag resolved as :func:`_resolve` does: a quoted scalar is
    text, a plain one is what the first of its first character's patterns matches."""
    tag = node.tag
    if tag.__class__ is not slice:  # an explicit tag: the usual path says what it allows
        raise NeedsPositions
    value = node.value
    if tag.step[0]:
        for found, pattern in _BY_FIRST.get(value[:1], ()):
            if pattern.match(value):
                if found == _FLOAT:
                    return _fast_float(value)
                return _SCALARS[found](value)
    return value


_TEXT_KEYS: set[str] = set()  # plain keys known to be text ("name", "source"...)


def _lean(node: Any, depth: int, count: list[int]) -> Any:
    """:func:`_plain` for the lean nodes of a text with no ``*`` (see :func:`_lean_nodes`):
    the same data, or :class:`NeedsPositions` where :func:`_plain` would raise it (and where
    a tag is written out: the usual path reads those). A scalar that is quoted, or plain
    with a first character no pattern starts with, is text: taken in the loop."""
    cls = node.__class__
    if cls is _Scalar:
        return _lean_scalar(node)
    if node.tag.__class__ is not slice:
        raise NeedsPositions
    if cls is _Mapping:
        pairs = node.value
        if depth >= MAX_DEPTH and pairs:
            raise NeedsPositions
        count[0] += len(pairs)
        result: dict[str, Any] = {}
        for key_node, value_node in pairs:
            key = key_node.value
            if (
                key_node.__class__ is not _Scalar
                or key_node.tag.__class__ is not slice
                or key not in _TEXT_KEYS
                or key in result
            ):
                _lean_key(key_node, result)
            if value_node.__class__ is _Scalar:
                tag = value_node.tag
                value = value_node.value
                if tag.__class__ is not slice or (tag.step[0] and value[:1] in _BY_FIRST):
                    value = _lean_scalar(value_node)
                result[key] = value
            else:
                result[key] = _lean(value_node, depth + 1, count)
        return result
    if cls is _Sequence:
        items = node.value
        if depth >= MAX_DEPTH and items:
            raise NeedsPositions
        count[0] += len(items)
        found = []
        for item in items:
            if item.__class__ is _Scalar:
                tag = item.tag
                value = item.value
                if tag.__class__ is not slice or (tag.step[0] and value[:1] in _BY_FIRST):
                    value = _lean_scalar(item)
                found.append(value)
            else:
                found.append(_lean(item, depth + 1, count))
        return found
    raise NeedsPositions  # not a lean node: the composer made PyYAML's own


def _lean_key(node: Any, result: dict[str, Any]) -> None:
    """Raise :class:`NeedsPositions` unless ``node`` is a key :func:`_plain` takes: text,
    not ``<<``, not in ``result`` already."""
    key = node.value
    if (
        node.__class__ is not _Scalar
        or key in result
        or key == "<<"
        or _lean_scalar(node).__class__ is not str
    ):
        raise NeedsPositions
    if node.tag.step[0] and len(_TEXT_KEYS) < 10_000:  # plain: the same text always is
        _TEXT_KEYS.add(key)


_BRACKETS = re.compile(r"[\[\]{}]")


def _check_depth(text: str, filename: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH before composing: libyaml's composer recurses in C
    and a file of a million ``[`` would crash it. Brackets are counted first (cheap); only a
    file that might be too deep is walked event by event (which does not recurse)."""
    depth = 0
    too_deep = False
    at = 0  # where the brackets reach MAX_DEPTH levels, the record's own mapping counted
    for match in _BRACKETS.finditer(text):
        depth = depth + 1 if match.group() in "[{" else max(depth - 1, 0)
        if depth == MAX_DEPTH and not at:
            at = match.start()
        if depth > MAX_DEPTH:
            too_deep = True
            break
    if not too_deep:
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH and event.start_mark is not None:
                    _too_deep(filename, event.start_mark.line + 1, event.start_mark.column + 1)
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError as exc:
        # libyaml (PyYAML 6.0.4 on) refuses very deep flow collections itself, while it
        # scans ahead of the events: then say where the brackets pass the limit.
        if "nesting depth" in str(exc):
            line = text.count("\n", 0, at) + 1
            _too_deep(filename, line, at - (text.rfind("\n", 0, at) + 1) + 1)
        return  # the composer reports other syntax errors with their position


def _too_deep(filename: str, line: int, column: int) -> NoReturn:
    raise DataError(
        f"nested more than {MAX_DEPTH} levels deep",
        Location(filename, line, column),
        "records are never that deep: is a bracket missing its pair?",
    )


def _check_size(text: str, filename: str) -> None:
    """Refuse a file of too many values before composing it (the nodes of a million tiny
    values take hundreds of megabytes). Every node but the first starts after a line break
    or one of ``,[{:-?``, and at most two start at one place (a block mapping and its first
    key), so a file with few of those passes at once; another is counted event by event,
    which holds one event at a time."""
    if len(text) <= MAX_NODES:
        return
    starts = sum(text.count(c) for c in "\n,[{:-?") + 1
    if 2 * starts <= MAX_NODES:
        return
    count = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, _COUNTED):
                count += 1
                if count > MAX_NODES:
                    mark = event.start_mark
                    raise DataError(
                        f"more than {MAX_NODES:,} values and keys in one record",
                        Location(filename, mark.line + 1, mark.column + 1)
                        if mark is not None
                        else Location(filename),
                        "records are never that large: is it really a record?",
                    )
    except yaml.YAMLError:
        return  # the composer reports syntax errors with their position


_COUNTED = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent, yaml.AliasEvent)


def parse(text: str, filename: str, *, positions: bool = True) -> tuple[Any, Positions]:
    """Parse one YAML document into plain data and, if asked, the positions of its values.
    Without ``positions`` the Positions are empty; problems are reported the same way."""
    _check_depth(text, filename)
    _check_size(text, filename)
    if not positions and _lean_composes and "*" not in text:  # no alias: the lean walk
        count = [1]
        try:
            data = _lean(_compose(text, filename, lean=True), 0, count)
            if count[0] <= MAX_NODES:
                return data, Positions()
        except (NeedsPositions, ValueError):
            pass
    node = _compose(text, filename)
    if not positions:
        seen: set[int] = set()
        count = [1]
        try:
            if "*" in text:  # perhaps an alias: each node is remembered
                data = _fast(node, seen, 0)
                count[0] = len(seen)
            else:
                data = _plain(node, 0, count)
            if count[0] <= MAX_NODES:
                return data, Positions()
        except (NeedsPositions, ValueError):
            pass
    builder = _Builder(filename)
    data = builder.build(node, (), 0)
    return data, builder.positions


def _compose(text: str, filename: str, *, lean: bool = False) -> Any:
    """The document's root node (lean: see :func:`_lean_nodes`); a :class:`DataError` with
    its position when it is not YAML, or holds no document or more than one."""
    loader = _LeanLoader(text) if lean else _Loader(text)
    try:
        try:
            if lean:
                with _lean_nodes():
                    node = loader.get_single_node()
            else:
                node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            problem = exc.problem or "malformed YAML"
            if exc.context and "single document" in exc.context:
                problem = "a record file holds one YAML document; this one has several"
            elif exc.context and exc.context_mark is not None:
                problem += f" {exc.context} at line {exc.context_mark.line + 1}"
            line = mark.line + 1 if mark else None
            column = mark.column + 1 if mark else None
            raise DataError(f"YAML syntax: {problem}", Location(filename, line, column)) from None
        except yaml.YAMLError as exc:
            raise DataError(f"YAML syntax: {exc}", Location(filename)) from None
        except RecursionError:
            raise DataError(
                "nested too deeply to read", Location(filename), f"at most {MAX_DEPTH} levels"
            ) from None
    finally:
        loader.dispose()
    if node is None:
        raise DataError(
            "the file is empty (or only comments)",
            Location(filename, 1, 1),
            "a record is a mapping with name, kind, start, place, sides, sources",
        )
    return node
