"""Factories of the services app."""

__all__ = []
