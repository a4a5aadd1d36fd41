"""How big a generated company is.

One generator serves every size: a scale only says how many accounts and people there
are; each account's story (deals, orders, cases, activities) follows the same rates at
every scale, so `small` is a faithful miniature of `large`. The rates in
`patron.demo.story` are tuned so an account averages about ten opportunities, fifty
order lines and twenty activities over three years — the ratios of the benchmark
company (100k accounts, 1M opportunities, 5M order lines, 2M activities).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Scale:
    """Sizes of the generated organisation and how much is written per transaction."""

    name: str
    accounts: int
    reps: int
    account_managers: int
    service_agents: int
    campaigns_per_quarter: int
    # Rows buffered before a batch is written and committed: bounds memory at every
    # scale while keeping each commit large enough to be cheap.
    chunk_rows: int


SCALES: dict[str, Scale] = {
    # For tests: every kind of record exists, in seconds.
    "tiny": Scale("tiny", 40, 5, 5, 2, 2, 20_000),
    "small": Scale("small", 200, 12, 6, 4, 4, 50_000),
    "medium": Scale("medium", 5_000, 60, 30, 12, 8, 200_000),
    "large": Scale("large", 100_000, 800, 400, 60, 16, 400_000),
}
