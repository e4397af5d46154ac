"""Loading a folder of SSD files: read, validate against the schema, build a snapshot."""

from lineofsight.ingest.loader import LoadError, LoadResult, load_folder
from lineofsight.ingest.problems import ROW_CONVENTION, Problem

__all__ = ["LoadError", "LoadResult", "Problem", "ROW_CONVENTION", "load_folder"]
