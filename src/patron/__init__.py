"""Patron: the platform for the people who own a company's customer accounts."""

__version__ = "0.1.0"
