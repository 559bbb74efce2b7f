"""Factories of the leads app."""

__all__ = []
