"""What every part of the generator shares: the clock, rates, keys, numbers and writer.

Determinism: every random choice comes from a `Random` seeded by the run's seed and a
name (`rng("org")`, `rng("account", 17)`), never from the global generator, and keys
are handed out in generation order, so the same seed and the same `today` give the
same rows, byte for byte, at every scale.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from random import Random
from typing import TYPE_CHECKING

from patron.bulk.tables import Table
from patron.bulk.writer import BulkWriter, next_ids
from patron.demo.clock import Clock
from patron.demo.rates import RateBook
from patron.demo.scales import Scale

if TYPE_CHECKING:
    from patron.demo.configuration import Config


@dataclass(slots=True)
class Person:
    """A generated user, with what the generator needs to know about them."""

    id: int
    role: str
    username: str
    country: str
    team_id: int | None = None
    manager_id: int | None = None
    hired_on: int = 0


@dataclass(slots=True)
class Squad:
    """A leaf sales team: a manager, account executives and account managers."""

    team_id: int
    name: str
    country_team: str
    manager: Person
    reps: list[Person] = field(default_factory=list)
    account_managers: list[Person] = field(default_factory=list)


@dataclass(slots=True)
class Stats:
    """Running totals the per-person records (quotas, forecasts, coaching) are built from."""

    bookings: dict[tuple[int, int], int] = field(default_factory=lambda: defaultdict(int))
    territory_bookings: dict[tuple[int, int], int] = field(default_factory=lambda: defaultdict(int))
    activities: dict[tuple[int, int], int] = field(default_factory=lambda: defaultdict(int))
    # A uniform sample of each seller's deals and completed calls, as (day, id).
    samples: dict[tuple[str, int], list[tuple[int, int]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    seen: dict[tuple[str, int], int] = field(default_factory=lambda: defaultdict(int))
    converted_leads: dict[tuple[str, int | None, str], int] = field(
        default_factory=lambda: defaultdict(int)
    )


SAMPLE_SIZE = 40


class Context:
    def __init__(self, *, seed: int, scale: Scale, clock: Clock, writer: BulkWriter) -> None:
        self.seed = seed
        self.scale = scale
        self.clock = clock
        self.writer = writer
        self.rates = RateBook(self.rng("rates"), clock)
        self._ids = {
            table: itertools.count(start).__next__
            for table, start in next_ids(writer.tables).items()
        }
        self.numbers: dict[str, int] = defaultdict(int)
        self.stats = Stats()
        self._sampler = self.rng("samples")
        # Filled by the organisation and configuration steps.
        self.people: list[Person] = []
        self.squads: list[Squad] = []
        self.squads_by_team: dict[str, list[Squad]] = defaultdict(list)
        self.agents: list[Person] = []
        self.ops: list[Person] = []
        self.team_managers: dict[str, Person] = {}
        self.team_parent: dict[int, int | None] = {}
        self.territory_ids: dict[str, int] = {}
        # Set once the configuration is written (it needs the teams first).
        self.config: Config

    def rng(self, *name: object) -> Random:
        """An independent random stream for one named part of the generation."""
        return Random(":".join(str(part) for part in (self.seed, *name)))

    def new_id(self, table: Table) -> int:
        return self._ids[table]()

    def rows(self, table: Table) -> list[tuple[object, ...]]:
        return self.writer.rows(table)

    def number(self, prefix: str, year: int) -> str:
        """The next gapless document number, as `core.numbering.next_number` forms it."""
        key = f"{prefix}-{year}"
        self.numbers[key] += 1
        return f"{key}-{self.numbers[key]:06d}"

    def stamp(self, created: int, updated: int | None = None, by: int | None = None) -> tuple:
        """created_at, updated_at, created_by_id, version of a business row."""
        instant = self.clock.instant
        return (instant(created), instant(created if updated is None else updated), by, 1)

    def sample(self, kind: str, owner: int, item: tuple[int, int]) -> None:
        """Keep a uniform sample of at most SAMPLE_SIZE items per kind and owner."""
        key = (kind, owner)
        kept = self.stats.samples[key]
        self.stats.seen[key] += 1
        if len(kept) < SAMPLE_SIZE:
            kept.append(item)
            return
        slot = self._sampler.randrange(self.stats.seen[key])
        if slot < SAMPLE_SIZE:
            kept[slot] = item

    def sampled(self, kind: str, owner: int) -> list[tuple[int, int]]:
        return sorted(self.stats.samples.get((kind, owner), []))
