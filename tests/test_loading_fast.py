"""The quick paths of a first run (issue 20) give what the general ones give: PyYAML's
resolver against ours, the fast checks against the full ones."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from battles.errors import DataError
from battles.loading import yamlsrc

SCALARS = [
    "",
    "~",
    "null",
    "Null",
    "true",
    "false",
    "True",
    "no",
    "yes",
    "14:30",
    "1941-09-23",
    "0x1F",
    "1_000",
    "-12",
    "+3",
    "007",
    "1.5",
    ".5",
    "1e3",
    "-.inf",
    ".nan",
    ".NaN",
    "nan",
    "n",
    "t",
    "f",
    "Kruševac",
    "- a",
]


def _general(kind: type, value: str | None, implicit: tuple[bool, bool]) -> str:
    loader = yamlsrc._Loader("")
    try:
        return yaml.resolver.BaseResolver.resolve(loader, kind, value, implicit)  # type: ignore[no-any-return]
    finally:
        loader.dispose()


def _ours(kind: type, value: str | None, implicit: tuple[bool, bool]) -> str:
    loader = yamlsrc._Loader("")
    try:
        return loader.resolve(kind, value, implicit)  # type: ignore[no-any-return]
    finally:
        loader.dispose()


@given(st.one_of(st.sampled_from(SCALARS), st.text(max_size=12)), st.booleans(), st.booleans())
def test_our_resolver_is_pyyamls(value: str, plain: bool, quoted: bool) -> None:
    implicit = (plain, quoted)
    assert _ours(yaml.ScalarNode, value, implicit) == _general(yaml.ScalarNode, value, implicit)


def test_collections_resolve_as_pyyaml_does() -> None:
    for kind in (yaml.SequenceNode, yaml.MappingNode):
        for implicit in (True, False):
            assert _ours(kind, None, implicit) == _general(kind, None, implicit)  # type: ignore[arg-type]


@given(st.sampled_from(SCALARS), st.sampled_from(["", "'", '"']))
def test_documents_compose_as_with_pyyamls_resolver(value: str, quote: str) -> None:
    text = f"a: {quote}{value}{quote}\nb: [{quote}{value}{quote}]\n"

    class General(yamlsrc._Loader):
        resolve = yaml.resolver.BaseResolver.resolve
        descend_resolver = yaml.resolver.BaseResolver.descend_resolver
        ascend_resolver = yaml.resolver.BaseResolver.ascend_resolver

    def nodes(loader_class: type) -> object:
        loader = loader_class(text)
        try:
            node = loader.get_single_node()
        except yaml.YAMLError as exc:
            return str(exc)
        finally:
            loader.dispose()
        return [(k.tag, k.value, v.tag, str(v.value)) for k, v in node.value]

    assert nodes(yamlsrc._Loader) == nodes(General)


def _records() -> list[object]:
    from pathlib import Path

    from conftest import ROOT

    from battles import loading
    from bench.generate import generate

    folder = Path(__import__("tempfile").mkdtemp(prefix="battles-fast-"))
    generate(folder, 60, seed=7)
    found = [e.record for e in loading.load([folder]).records]
    found += [e.record for e in loading.load([ROOT / "data"]).records]
    for folder in ("v2", "ancient", "good"):
        found += [e.record for e in loading.load([ROOT / "tests" / "fixtures" / folder]).records]
    return found


def test_the_quick_look_for_version_2_finds_what_v2_uses_finds() -> None:
    from battles.loading.checks import uses_v2
    from battles.versions import v2_uses

    records = _records()
    answers = [uses_v2(r) for r in records]  # type: ignore[arg-type]
    assert answers == [any(True for _ in v2_uses(r)) for r in records]  # type: ignore[arg-type]
    assert True in answers and False in answers  # both kinds were looked at


def test_the_walk_without_aliases_gives_what_the_walk_with_them_gives(tmp_path: object) -> None:
    from pathlib import Path

    from bench.generate import generate

    folder = Path(str(tmp_path))
    for path in generate(folder, 30, seed=3):
        loader = yamlsrc._Loader(path.read_text("utf-8"))
        node = loader.get_single_node()
        loader.dispose()
        seen: set[int] = set()
        count = [1]
        assert yamlsrc._plain(node, 0, count) == yamlsrc._fast(node, seen, 0)
        assert count[0] == len(seen)


@given(st.integers(min_value=35, max_value=45), st.sampled_from(["map", "seq", "flow"]))
def test_deep_nesting_is_refused_alike_with_and_without_aliases(depth: int, shape: str) -> None:
    if shape == "map":
        text = "".join("  " * i + f"k{i}:\n" for i in range(depth)) + "  " * depth + "v\n"
    elif shape == "seq":
        text = "a:\n" + "".join("  " * i + "-\n" for i in range(1, depth)) + "  " * depth + "- v\n"
    else:
        text = "a: " + "[" * depth + "v" + "]" * depth + "\n"
    results = []
    for variant in (text, text + "# *\n"):  # a star: the walk that remembers nodes
        try:
            results.append(yamlsrc.parse(variant, "f.yaml", positions=False)[0])
        except DataError as exc:  # the message is what is compared
            results.append(str(exc))
    assert results[0] == results[1]


def _normalise_as_before(text: str) -> str:
    """``text.normalise`` as it was written first (a pattern with a function for each
    non-ASCII character, the Cyrillic table applied to every text)."""
    import re
    import unicodedata

    from battles import text as t

    SEPARATORS = re.compile(r"[\s_\-–—]+")
    if text.isascii():
        return SEPARATORS.sub(" ", text.lower()).strip()
    text = re.sub(t._INVISIBLE, "", text)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = re.sub(
        r"[^\x00-\x7f]", lambda m: "" if unicodedata.combining(m.group()) else m.group(), decomposed
    )
    plain = plain.replace("đ", "dj").replace("ł", "l").replace("ø", "o")
    plain = plain.translate(t._CYRILLIC)
    return SEPARATORS.sub(" ", plain).strip()


NAMES = [
    " \x1c\x1f\x85\xa0\u2028\u3000\u200b _–—- \t\n",
    "Kruševac",
    "Крушевац",
    "Đurđevo",
    "Łódź",
    "Søndre",
    "ᴴᵉˡˡᵒ",
    "Kru\u200bsevac",
    "Ⅻ ﬁ",
]


@given(
    st.lists(
        st.one_of(st.sampled_from(NAMES), st.text(max_size=8), st.characters()), max_size=8
    ).map(" ".join)
)
def test_normalise_gives_what_it_gave(text: str) -> None:
    from battles.text import normalise

    assert normalise(text) == _normalise_as_before(text)


def test_normalise_gives_what_it_gave_on_whole_records(tmp_path: object) -> None:
    from pathlib import Path

    from battles.text import normalise
    from bench.generate import generate

    for path in generate(Path(str(tmp_path)), 20, seed=11):
        text = path.read_text("utf-8")
        assert normalise(text) == _normalise_as_before(text)


# -- the lean composition: libyaml's nodes as structs, tags resolved by the walk -------------

# Keys: text (known to the lean walk's cache of keys once read plainly), and what is not.
KEYS = [*"abcdefgh", "name", "true", "1", "null", "", "'q'", '"a"', "<<", "? [x]", "? {a: b}"]
KEYS += ["!!str k", "!!str a", "!!int a", "!!int 1", "!x a", "&k a", "'true'", '"1"']
TAGS = [*[""] * 12, "!!str ", "!!int ", "!!float ", "!!bool ", "!!null ", "!x ", "! ", "&a "]


def _flow(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    return str(value)


SCALAR_TEXT = st.builds(
    lambda tag, quote, value: f"{tag}{quote}{value}{quote}",
    st.sampled_from(TAGS),
    st.sampled_from(["", "", "'", '"']),
    st.one_of(st.sampled_from(SCALARS), st.text(alphabet="ab1.-+e ~:#", max_size=5)),
)
VALUES = st.recursive(
    SCALAR_TEXT,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(KEYS), inner, max_size=3),
    ),
    max_leaves=8,
)


def _outcome(text: str, positions: bool) -> object:
    try:
        return yamlsrc.parse(text, "f.yaml", positions=positions)[0]
    except DataError as exc:
        return str(exc)


@given(st.lists(st.tuples(st.sampled_from(KEYS), VALUES), max_size=5))
def test_the_lean_walk_gives_what_the_careful_builder_gives(
    pairs: list[tuple[str, object]],
) -> None:
    """Every document (block mappings of flow values: text, numbers, tags, anchors, keys
    that are not text, duplicates, merges, bad YAML) reads alike without positions (the lean
    walk, or the usual one after it) and with them (the builder that says where)."""
    text = "".join(f"{key}: {_flow(value)}\n" for key, value in pairs)
    assert _outcome(text, positions=False) == _outcome(text, positions=True)
    assert yaml._yaml.ScalarNode is yaml.ScalarNode  # the composer's classes given back


def test_the_lean_walk_gives_what_the_walk_of_pyyamls_nodes_gives(tmp_path: object) -> None:
    from pathlib import Path

    from bench.generate import generate

    for path in generate(Path(str(tmp_path)), 30, seed=5):
        text = path.read_text("utf-8")
        count, lean_count = [1], [1]
        node = yamlsrc._compose(text, "f.yaml", lean=True)
        assert node.__class__ is yamlsrc._Mapping  # the lean nodes were made
        assert yamlsrc._lean(node, 0, lean_count) == yamlsrc._plain(
            yamlsrc._compose(text, "f.yaml"), 0, count
        )
        assert lean_count == count


def test_the_composer_gets_its_own_node_classes_back_after_an_error() -> None:
    before = [yaml._yaml.ScalarNode, yaml._yaml.SequenceNode, yaml._yaml.MappingNode]
    with pytest.raises(DataError, match="YAML syntax"):
        yamlsrc.parse("a: [b\n", "f.yaml", positions=False)
    assert [yaml._yaml.ScalarNode, yaml._yaml.SequenceNode, yaml._yaml.MappingNode] == before
    assert before == [yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode]


@pytest.mark.parametrize("quote", ["", "'", '"'])
@pytest.mark.parametrize("value", SCALARS)
def test_each_scalar_reads_alike_in_the_lean_walk(value: str, quote: str) -> None:
    text = f"a: {quote}{value}{quote}\nb: [{quote}{value}{quote}, c]\nc: {{d: {quote}{value}{quote}}}\n"
    assert _outcome(text, positions=False) == _outcome(text, positions=True)
