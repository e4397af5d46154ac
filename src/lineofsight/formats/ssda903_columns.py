"""The SSDA903 CSV set: each file's columns, as the DfE return and Data to Insight's validator name them.

Files are recognised by their columns, not their names (councils name them every which way).
Source: DfE SSDA903 2025 to 2026 guide; the column lists match csc-validator-be-903's own.
"""

from __future__ import annotations

COLUMNS: dict[str, tuple[str, ...]] = {
    "Header": ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"),
    "Episodes": ("CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
                 "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"),
    "Reviews": ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"),
    "UASC": ("CHILD", "SEX", "DOB", "DUC"),
    "OC2": ("CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS",
            "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED",
            "INTERVENTION_OFFERED"),
    "OC3": ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"),
    "AD1": ("CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"),
    "PlacedAdoption": ("CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"),
    "PrevPerm": ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"),
    "Missing": ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"),
    "SocialWorker": ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"),
}

# File names the export writes (lower case, as councils' systems usually produce them).
FILE_NAMES: dict[str, str] = {
    "Header": "header.csv", "Episodes": "episodes.csv", "Reviews": "reviews.csv", "UASC": "uasc.csv",
    "OC2": "oc2.csv", "OC3": "oc3.csv", "AD1": "ad1.csv", "PlacedAdoption": "placed_for_adoption.csv",
    "PrevPerm": "previous_permanence.csv", "Missing": "missing.csv", "SocialWorker": "social_worker.csv",
}


def identify(header: list[str]) -> str | None:
    """The 903 file whose columns these are (case and spacing ignored; extra columns tolerated)."""
    cols = {h.strip().upper() for h in header if h.strip()}
    best = None
    for name, expected in COLUMNS.items():
        if set(expected) <= cols and (best is None or len(expected) > len(COLUMNS[best])):
            best = name
    return best


def intended(name: str, header: list[str]) -> str | None:
    """For a file `identify` does not recognise: the 903 file it was meant to be, from its name
    (header.csv, a name containing "episodes", ...) or from sharing CHILD and another column with one,
    else None (an unrelated file, such as a lookup table)."""
    stem = name.lower().rsplit(".", 1)[0].replace(" ", "_")
    for kind, file_name in FILE_NAMES.items():
        if file_name.removesuffix(".csv") in stem or kind.lower() in stem:
            return kind
    cols = {h.strip().upper() for h in header if h.strip()}
    if "CHILD" not in cols:
        return None
    shared = {kind: len(cols & set(expected)) for kind, expected in COLUMNS.items()}
    best = max(shared, key=lambda k: (shared[k], -len(COLUMNS[k])))
    return best if shared[best] >= 2 else None
