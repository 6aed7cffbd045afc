"""Drafting pipeline tasks (owned by the drafting work)."""

__all__: list[str] = []
