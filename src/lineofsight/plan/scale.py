"""The BRAG scale and action statuses: the vocabulary of a council's improvement plan."""

from __future__ import annotations

from django.db import models


class Rating(models.TextChoices):
    """BRAG: Blue, Red, Amber, Green, and NA (not yet scheduled to start, or already concluded)."""

    BLUE = "Blue", "Blue"
    GREEN = "Green", "Green"
    AMBER = "Amber", "Amber"
    RED = "Red", "Red"
    NA = "NA", "NA"


# Order used to say whether a rating went up or down between meetings (NA is not on the scale).
RATING_RANK: dict[str, int] = {Rating.RED: 0, Rating.AMBER: 1, Rating.GREEN: 2, Rating.BLUE: 3}


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "Not yet started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Complete"
    COMPLETE_BAU = "complete_bau", "Complete/BAU"
    CLOSED = "closed", "Closed"


COMPLETE_STATUSES = frozenset({Status.COMPLETE, Status.COMPLETE_BAU})
FINISHED_STATUSES = COMPLETE_STATUSES | {Status.CLOSED}


class PlanKind(models.TextChoices):
    OFSTED = "ofsted", "Ofsted inspection plan"
    HMIP = "hmip", "HMIP youth justice plan"
    TRANSFORMATION = "transformation", "Transformation programme"
    OTHER = "other", "Other"


# The descriptors councils use (issue text); each plan gets its own copy it may reword.
DEFAULT_DESCRIPTORS: dict[str, tuple[str, str]] = {
    Rating.BLUE: ("Action completed", "Impact to date very good and any outstanding issues fully identified"),
    Rating.GREEN: ("Action on track", "Evidence of some good impact"),
    Rating.AMBER: ("Action mainly on track though in early stages", "Impact of the work is limited"),
    Rating.RED: ("Action agreed but not yet implemented", "Impact very limited or none to date"),
    Rating.NA: ("Not yet scheduled to start, or already concluded", "Not yet scheduled to start, or already concluded"),
}


def status_label(value: str) -> str:
    return Status(value).label if value else ""


# Cell colours for exports (fill, text), matching the site's CSS; the word is always printed in the cell too.
RAG_COLOURS: dict[str, tuple[str, str]] = {
    Rating.BLUE: ("1D70B8", "FFFFFF"),
    Rating.GREEN: ("00703C", "FFFFFF"),
    Rating.AMBER: ("FFBF47", "0B0C0C"),
    Rating.RED: ("B10E1E", "FFFFFF"),
    Rating.NA: ("DEDFE0", "0B0C0C"),
}
