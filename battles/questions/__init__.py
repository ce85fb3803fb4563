"""The questions asked of a dataset, one module per question. Each takes the dataset and the
filters and returns an answer (see :mod:`battles.answer`); renderers decide how it looks.

- :mod:`~battles.questions.lookup`: the record a user names (``find``), completion.
- :mod:`~battles.questions.filters`: the filters and sort orders shared by the read commands.
- :mod:`~battles.questions.listing`, :mod:`~battles.questions.show`,
  :mod:`~battles.questions.search`: ``list``, ``show``, ``search``.
- :mod:`~battles.questions.ratios`, :mod:`~battles.questions.disputes`,
  :mod:`~battles.questions.sources`, :mod:`~battles.questions.people`,
  :mod:`~battles.questions.units`, :mod:`~battles.questions.stats`,
  :mod:`~battles.questions.cite`: ``compare --ratios``, ``disputes``, ``sources``,
  ``people``, ``units``, ``stats``, ``cite``; the pieces they share:
  :mod:`~battles.questions.records` (what they read, and the cut to ``--limit``),
  :mod:`~battles.questions.fields` (a record's figures and citations with their paths),
  :mod:`~battles.questions.joined` (the rows of people and units),
  :mod:`~battles.questions.names` (names as lookups compare them),
  :mod:`~battles.questions.roles` (attacker and defender) and
  :mod:`~battles.questions.spans` (spans as text).
"""
