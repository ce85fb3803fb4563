"""The attacker and the defender of a record, where it says which side is which (record
format version 2), and a side's losses as the tally adds them up: what ratios and stats
read of a record's forces."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from battles import tally
from battles.figures import Figure
from battles.loading.digest import (
    Forces,
)
from battles.tally import Span

if TYPE_CHECKING:
    pass


def by_role(forces: Forces) -> tuple[Any, Any] | None:
    """The attacker's side and the defender's, where the record says which is which (one
    of each)."""
    attackers = [s for s in forces.sides if s.role == "attacker"]
    defenders = [s for s in forces.sides if s.role == "defender"]
    if len(attackers) != 1 or len(defenders) != 1:
        return None
    return attackers[0], defenders[0]


def side_losses(side: Any) -> Figure | None:
    return side.losses.total if side is not None and side.losses is not None else None


def force_ratio(forces: Forces) -> Span | None:
    """The attacker's strength over the defender's, as a span (None: no roles, or a
    strength not known)."""
    pair = by_role(forces)
    if pair is None:
        return None
    return tally.divide(tally.as_whole(pair[0].strength), tally.as_whole(pair[1].strength))
