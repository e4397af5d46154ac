"""Allocation: every open case has an allocated social worker who is in post and in a team.

Allocations are ssd_involvements rows; the allocated social worker has role SW.
"""

from __future__ import annotations

from lineofsight.quality.model import AS_AT, Rule
from lineofsight.quality.sqlparts import open_on, record

_OPEN_SW = (
    "SELECT 1 FROM ssd_involvements i WHERE i.invo_person_id = {person} AND i.invo_professional_role_id = 'SW' "
    f"AND {open_on('i.invo_involvement_start_date', 'i.invo_involvement_end_date', AS_AT)}"
)

RULES: list[Rule] = [
    Rule(
        id="open-case-unallocated", title="Open case with no allocated social worker",
        severity="warning", family="allocation", tables=("ssd_cin_episodes", "ssd_involvements"),
        sql=f"""
            SELECT {record('ssd_cin_episodes')}, 'open since ' || t.cine_referral_date || ', no social worker allocated on ' || {AS_AT} AS detail
            FROM ssd_cin_episodes t
            WHERE {open_on('t.cine_referral_date', 't.cine_close_date', AS_AT)}
              AND NOT EXISTS ({_OPEN_SW.format(person='t.cine_person_id')})
        """,
        explanation=(
            "The child's case is open but no social worker is allocated to it today. Either the child is waiting "
            "for a worker (which leaders need to see) or the allocation was not recorded."
        ),
        fix="Allocate a social worker and record the allocation, or record the allocation that was made.",
    ),
    Rule(
        id="worker-without-team", title="Worker with no team",
        severity="warning", family="allocation", tables=("ssd_professionals",),
        sql=f"""
            SELECT {record('ssd_professionals')}, 'no team recorded' AS detail
            FROM ssd_professionals t WHERE t.prof_professional_department IS NULL
        """,
        explanation="The worker is not in any team, so their cases cannot be counted in a team's figures.",
        fix="Record the worker's team in the staff record.",
    ),
    Rule(
        id="leaver-holding-cases", title="Worker who has left still holding cases",
        severity="error", family="allocation", tables=("ssd_involvements", "ssd_professionals"),
        sql=f"""
            SELECT {record('ssd_involvements')},
                   'worker left ' || w.prof_end_date || ', allocation ' || coalesce('ends ' || t.invo_involvement_end_date, 'open') AS detail
            FROM ssd_involvements t JOIN ssd_professionals w ON w.prof_professional_id = t.invo_professional_id
            WHERE w.prof_end_date < {AS_AT}
              AND (t.invo_involvement_end_date IS NULL OR t.invo_involvement_end_date > w.prof_end_date)
        """,
        explanation=(
            "The allocation runs past the day the worker left. Children recorded as allocated to a leaver have, in "
            "fact, nobody; they are hidden from unallocated-case lists."
        ),
        fix="End the allocation on the worker's leaving date and allocate the child to a current worker.",
    ),
    Rule(
        id="allocation-before-worker-started", title="Allocation starts before the worker joined",
        severity="query", family="allocation", tables=("ssd_involvements", "ssd_professionals"),
        sql=f"""
            SELECT {record('ssd_involvements')},
                   'allocated ' || t.invo_involvement_start_date || ', worker joined ' || w.prof_start_date AS detail
            FROM ssd_involvements t JOIN ssd_professionals w ON w.prof_professional_id = t.invo_professional_id
            WHERE t.invo_involvement_start_date < w.prof_start_date
        """,
        explanation="The case was allocated to the worker before their recorded start date: one of the dates is wrong.",
        fix="Check the worker's start date and the allocation date.",
    ),
]
