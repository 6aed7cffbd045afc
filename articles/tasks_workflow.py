"""Workflow tasks: scheduled publishing (owned by the workflow work)."""

__all__: list[str] = []
