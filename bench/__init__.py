"""The project's benchmark: ``uv run python -m bench`` (see the README's Performance section)."""
