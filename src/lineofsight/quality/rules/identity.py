"""Identity: one child recorded twice, or one contact entered twice.

Duplicate people are found by blocking on a normalised key, date of birth with the initial of the
surname or of the forename (only people born the same day who share an initial are compared, so the
work grows with the people, not with their square: a block on date of birth alone held ~30 people a
day on a large authority), then comparing names with DuckDB's Jaro-Winkler similarity; or by the same
unique pupil number. A pair whose forename and surname both differ in their first letter is not a
typing slip the 0.9 threshold would accept in practice (Jaro-Winkler gives no prefix bonus there). Names are compared, never shown: the detail names the other record id.
"""

from __future__ import annotations

from lineofsight.quality.model import Rule
from lineofsight.quality.sqlparts import record

NAME_SIMILARITY = 0.9
"""Jaro-Winkler similarity (0 to 1) of forename and of surname above which two people born the same day
are probably one person: catches typing slips (Jon/John, Smith/Smyth) and not twins (Amir/Zara)."""

RULES: list[Rule] = [
    Rule(
        id="duplicate-person-name-dob", title="Probable duplicate person: same date of birth, near-identical name",
        severity="warning", family="identity", tables=("ssd_person",),
        sql=f"""
            WITH named AS (
                SELECT pers_person_id AS id, pers_dob AS dob,
                       lower(trim(pers_forename)) AS forename, lower(trim(pers_surname)) AS surname
                FROM ssd_person
                WHERE pers_dob IS NOT NULL AND trim(coalesce(pers_forename, '')) <> ''
                  AND trim(coalesce(pers_surname, '')) <> ''
            ), candidates AS (
                SELECT a.id AS one, b.id AS other, a.forename AS f1, b.forename AS f2, a.surname AS s1, b.surname AS s2
                FROM named a JOIN named b
                  ON b.dob = a.dob AND left(b.surname, 1) = left(a.surname, 1) AND a.id < b.id
                UNION
                SELECT a.id, b.id, a.forename, b.forename, a.surname, b.surname
                FROM named a JOIN named b
                  ON b.dob = a.dob AND left(b.forename, 1) = left(a.forename, 1) AND a.id < b.id
            ), pairs AS (
                SELECT one, other FROM candidates
                WHERE jaro_winkler_similarity(s1, s2) >= {NAME_SIMILARITY}
                  AND jaro_winkler_similarity(f1, f2) >= {NAME_SIMILARITY}
            ), both_ways AS (SELECT one, other FROM pairs UNION ALL SELECT other, one FROM pairs)
            SELECT {record('ssd_person')}, 'same date of birth and similar name as ' || w.other AS detail
            FROM both_ways w JOIN ssd_person t ON t.pers_person_id = w.one
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
            SELECT * EXCLUDE (n, lo, hi), 'same UPN as ' || CASE WHEN record_id = lo THEN hi ELSE lo END AS detail
            FROM (
                SELECT {record('ssd_person')}, count(*) OVER w AS n,
                       min(t.pers_person_id) OVER w AS lo, max(t.pers_person_id) OVER w AS hi
                FROM ssd_person t WHERE trim(coalesce(t.pers_upn, '')) <> ''
                WINDOW w AS (PARTITION BY upper(trim(t.pers_upn)))
            ) WHERE n > 1
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
            SELECT * EXCLUDE (n) FROM (
                SELECT {record('ssd_contacts')}, 'same day and source as ' || first_value(t.cont_contact_id) OVER w AS detail,
                       row_number() OVER w AS n
                FROM ssd_contacts t WHERE t.cont_contact_source_code IS NOT NULL
                WINDOW w AS (PARTITION BY t.cont_person_id, t.cont_contact_date, t.cont_contact_source_code
                             ORDER BY t.cont_contact_id)
            ) WHERE n > 1
        """,
        explanation=(
            "Two contacts for the same child on the same day from the same source are usually one contact entered "
            "twice, which inflates front-door volumes and re-contact rates. The later record is listed."
        ),
        fix="If they are the same contact, delete or merge the later one; if they are separate concerns, note it on the record.",
    ),
]
