"""The quick paths of a first run (issue 20) give what the general ones give: PyYAML's
resolver against ours, the fast checks against the full ones."""

from __future__ import annotations

import yaml
from hypothesis import given
from hypothesis import strategies as st

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
