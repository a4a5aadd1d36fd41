"""Operations on the organisation: users (`users`), teams (`teams`), territories and
their rules (`territories`), the company's settings and exchange rates (`company`).

`assign_role` is named here too: set-up code that gives a role with nobody acting
(the demo's logins, tests) imports it from the package.
"""

from patron.org.services.users import assign_role

__all__ = ["assign_role"]
