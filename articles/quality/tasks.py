"""Quality gate tasks: bulk rechecks (owned by the quality gate work)."""

__all__: list[str] = []
