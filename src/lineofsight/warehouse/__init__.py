"""Immutable, versioned DuckDB snapshots of the SSD tables."""
