"""The questions asked of a dataset, one module per question. Each takes the dataset and the
filters and returns an answer (see :mod:`battles.answer`); renderers decide how it looks.

- :mod:`~battles.questions.lookup`: the record a user names (``find``), completion.
- :mod:`~battles.questions.filters`: the filters and sort orders shared by the read commands.
- :mod:`~battles.questions.listing`, :mod:`~battles.questions.show`,
  :mod:`~battles.questions.search`: ``list``, ``show``, ``search``.
"""
