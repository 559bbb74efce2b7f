"""Factories of the articles app."""

__all__ = []
