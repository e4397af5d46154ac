"""The core KPI data set: declarative measures compiled to set-based DuckDB SQL, with SPC, RAG and benchmarks.

Callers use `lineofsight.measures.selectors` (or `SnapshotMeasures`); no SQL outside this package.
"""
