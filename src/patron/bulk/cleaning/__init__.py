"""Stored rows read back through the clean steps of the create services.

The demo generator and an import write in bulk, past the services (decision 0019);
the clean steps (decision 0020) are where a create's rules live. This package proves
a load kept them: it reads the stored rows of each entity in batches, rebuilds each
row's input *as the row was created*, builds one context per batch with the services'
own context builders (per batch and person, where the create's actor is part of the
row), cleans every row and counts the refusals per entity, keeping the first few
(id, field, code) to report. No query is made per row. One module per domain rebuilds
its entities' inputs and says there what a row may legitimately have become since its
creation, and how that is undone before cleaning. What every entity shares:

- a row is cleaned as the checking actor (sales ops or an administrator) naming the
  row's owner — unless its create's actor is part of the row (the author of a
  coaching note, who submitted a forecast …), when it is cleaned as that person;
- a person who has left since was active when the row naming them was created (the
  rule "a new record's owner is active" is about today, not the day of creation): the
  users a batch names are loaded active, in memory only;
- a value a unique column holds (an external id, a SKU, a family's code) is held by
  the row itself: only another stored row holding it refuses the row, and where the
  database keeps the rule itself (external ids, one plan per account and year) it is
  not asked here;
- a rule about what came before a row (a case rated once, an invoice billing what is
  left, a quota overlapping none) counts the rows created before it (a lower id);
- where a clean step compares a row's date with today or now (an activity done, a
  note given, a period not over), that is the moment the row was created.

Not read back, though the demo fills their tables and the tables' creates have a
clean step: a manager's forecast override (its own operation, with no clean step), a
draft invoice (no create writes one, and it has no issue date to rebuild), and a
superuser or the company's first administrator (made with the company, not by a
create). The demo's other tables — quotes and their lines, a deal's lines and
history, handoffs, plan reviews, document counters — have no create with a clean
step yet.
"""

from patron.bulk.cleaning.counts import clean_step_counts
from patron.bulk.cleaning.shared import CleanCount, Refusal, checking_actor

__all__ = ["CleanCount", "Refusal", "checking_actor", "clean_step_counts"]
