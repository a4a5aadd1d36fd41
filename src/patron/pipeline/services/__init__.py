"""Pipeline services: leads, opportunities, their stages, lines and conversion."""
