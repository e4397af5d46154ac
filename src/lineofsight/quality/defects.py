"""Which rules find each defect the synthetic generator injects (lineofsight.synth, defects.csv).

The recall test generates authorities with defects and checks that every injected defect is found
on its own record (table and record id) by one of its rules; a defect type with no rule here is a
gap in the rules. Keep this in step with the generator's defect types.
"""

from __future__ import annotations

DEFECT_RULES: dict[str, tuple[str, ...]] = {
    "contact_recorded_late": ("contact-recorded-late",),
    "missing_outcome": ("missing-outcome",),
    "assessment_auth_before_start": ("assessment-auth-before-start",),
    "duplicate_person": ("duplicate-person-name-dob", "duplicate-person-upn"),
    "visit_outside_episode": ("cin-visit-outside-episode", "cp-visit-outside-plan", "cla-visit-outside-care"),
    "open_episode_over_25": ("open-episode-over-25",),
    "date_in_future": ("date-in-future",),
    "overlapping_cp_plans": ("overlapping-cp-plans",),
    "leaver_holding_cases": ("leaver-holding-cases",),
    "placement_outside_care": ("placement-outside-care",),
    "event_after_death": ("event-after-death",),
    "duplicate_contact": ("duplicate-contact",),
    "looked_after_no_placement": ("looked-after-no-placement",),
    "conference_before_s47": ("conference-before-s47",),
}
