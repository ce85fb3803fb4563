"""Renderers: turn what the queries return into output. Only this package imports Rich."""
