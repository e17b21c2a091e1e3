"""The matching engine: framework-free (no Django import; an import-linter contract checks it)."""

__all__: list[str] = []
