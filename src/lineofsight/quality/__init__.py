"""Data quality: declarative rules run as set-based SQL on a snapshot, findings attributed to teams.

Use `lineofsight.quality.selectors` (rules, findings, error_records, team_summary, trend).
"""

from lineofsight.quality.model import Rule

__all__ = ["Rule"]
