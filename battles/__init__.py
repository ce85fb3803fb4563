"""battles: curated battle records, read and compared in the terminal."""

import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType

__version__ = "0.1.0"


class _PlainTyping:
    """Let msgspec take ``get_type_hints`` from ``typing`` rather than typing_extensions.

    msgspec's helper module imports typing_extensions when it is installed (Typer brings
    it) for two names that Python 3.10 and later have in ``typing`` (or that msgspec does
    without: ``Required``/``NotRequired`` of TypedDicts, which the records do not use).
    Importing it took about 12 million instructions, 3 % of a run of ``show`` (the start-up
    budget of issue 20). While that one module runs, typing_extensions reads as not
    installed; after it, an import of typing_extensions works as ever.
    """

    def find_spec(
        self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if name != "msgspec._utils" or "typing_extensions" in sys.modules:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        loader = spec.loader if spec is not None else None
        if spec is None or not isinstance(loader, importlib.machinery.SourceFileLoader):
            return spec
        run = loader.exec_module

        def exec_module(module: ModuleType) -> None:
            sys.modules["typing_extensions"] = None  # type: ignore[assignment]
            try:
                run(module)
            finally:
                del sys.modules["typing_extensions"]

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


if "msgspec" not in sys.modules:
    sys.meta_path.insert(0, _PlainTyping())
