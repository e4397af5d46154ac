"""Identity: one child recorded twice, or one contact entered twice.

Duplicate people are found by blocking on date of birth (only people born the same day are
compared, so no full cross join) and comparing names with DuckDB's Jaro-Winkler similarity, or by
the same unique pupil number. Names are compared, never shown: the detail names the other record id.
"""

from __future__ import annotations

from lineofsight.quality.model import Rule
from lineofsight.quality.sqlparts import record

NAME_SIMILARITY = 0.9
"""Jaro-Winkler similarity (0 to 1) of forename and of surname above which two people born the same day
are probably one person: catches typing slips (Jon/John, Smith/Smyth) and not twins (Amir/Zara)."""

_NAME = "lower(trim({a}.{c}))"


def _norm(alias: str, column: str) -> str:
    return _NAME.format(a=alias, c=column)


RULES: list[Rule] = [
    Rule(
        id="duplicate-person-name-dob", title="Probable duplicate person: same date of birth, near-identical name",
        severity="warning", family="identity", tables=("ssd_person",),
        sql=f"""
            WITH named AS (
                SELECT * FROM ssd_person
                WHERE pers_dob IS NOT NULL AND trim(coalesce(pers_forename, '')) <> '' AND trim(coalesce(pers_surname, '')) <> ''
            )
            SELECT {record('ssd_person')}, 'same date of birth and similar name as ' || o.pers_person_id AS detail
            FROM named t JOIN named o ON o.pers_dob = t.pers_dob AND o.pers_person_id <> t.pers_person_id
            WHERE jaro_winkler_similarity({_norm('t', 'pers_surname')}, {_norm('o', 'pers_surname')}) >= {NAME_SIMILARITY}
              AND jaro_winkler_similarity({_norm('t', 'pers_forename')}, {_norm('o', 'pers_forename')}) >= {NAME_SIMILARITY}
        """,
        explanation=(
            "Two person records share a date of birth and have near-identical names: probably one child recorded "
            "twice. The child's history is split across both, so neither record shows the whole picture, and the "
            "child is counted twice. Both records are listed; twins with similar names may need a look."
        ),
        fix="Check both records (address, parents, UPN, NHS number); if they are one child, merge them on the case system.",
    ),
    Rule(
        id="duplicate-person-upn", title="Two people with the same unique pupil number",
        severity="error", family="identity", tables=("ssd_person",),
        sql=f"""
            SELECT {record('ssd_person')}, 'same UPN as ' || o.pers_person_id AS detail
            FROM ssd_person t JOIN ssd_person o
              ON upper(trim(o.pers_common_child_id)) = upper(trim(t.pers_common_child_id))
             AND o.pers_person_id <> t.pers_person_id
            WHERE t.pers_common_child_id IS NOT NULL AND trim(t.pers_common_child_id) <> ''
        """,
        explanation=(
            "A unique pupil number belongs to one child. Two person records with the same UPN are one child recorded "
            "twice, or one UPN was typed on the wrong child."
        ),
        fix="Check the UPN with the school or the education database; merge the records or correct the UPN.",
    ),
    Rule(
        id="duplicate-contact", title="Duplicate contact: same child, same day, same source",
        severity="warning", family="identity", tables=("ssd_contacts",),
        sql=f"""
            SELECT {record('ssd_contacts')}, 'same day and source as ' || o.cont_contact_id AS detail
            FROM ssd_contacts t JOIN ssd_contacts o
              ON o.cont_person_id = t.cont_person_id AND o.cont_contact_date = t.cont_contact_date
             AND o.cont_contact_source_code = t.cont_contact_source_code AND o.cont_contact_id < t.cont_contact_id
            QUALIFY row_number() OVER (PARTITION BY t.cont_contact_id ORDER BY o.cont_contact_id) = 1
        """,
        explanation=(
            "Two contacts for the same child on the same day from the same source are usually one contact entered "
            "twice, which inflates front-door volumes and re-contact rates. The later record is listed."
        ),
        fix="If they are the same contact, delete or merge the later one; if they are separate concerns, note it on the record.",
    ),
]
