"""Other names a column arrives under, declared as data and resolved when a file is read.

Data to Insight's SSD has renamed columns between releases and its deployment scripts differ by case
system; a council's extract carries the names of the release and system it was made with. Each entry
maps a name found in a file header to the column it fills here. The load report lists every alias it
used, so nobody wonders where a column went.

Our own columns carry the v1.4.5 names; the names of earlier releases are the aliases.
"""

from __future__ import annotations

ALIASES: dict[str, dict[str, str]] = {
    # names in SSD releases before v1.4.5 -> the v1.4.5 names this schema uses
    "ssd_person": {"pers_common_child_id": "pers_single_unique_id"},  # the NHS number (PERS013A), renamed in v1.4
    "ssd_cla_episodes": {"clae_cla_episode_ceased": "clae_cla_episode_ceased_date"},
    "ssd_cla_reviews": {"clar_person_id": "clar_cla_person_id"},
    # Mosaic's deployment names the CIN plan key differently
    "ssd_cin_plans": {"cin_plan_id": "cinp_cin_plan_id"},
    # and the care plan's row id
    "ssd_cla_care_plan": {"lacp_cla_care_plan_id": "lacp_table_id"},
}



def resolve(table: str, header: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """The header with aliases replaced by the columns they fill, and the (found, used as) pairs.

    An alias is used only when the file does not also carry the current name, so nothing is read twice.
    """
    names = [h.strip().lower() for h in header]
    aliases = ALIASES.get(table, {})
    out, used = [], []
    for n in names:
        if n in aliases and aliases[n] not in names:
            out.append(aliases[n])
            used.append((n, aliases[n]))
        else:
            out.append(n)
    return out, used


PERSON_VIA: dict[str, tuple[str, str, str, str]] = {
    # Mosaic's SSD deployment has no person id on these tables: the child is the parent record's.
    # table: (link column here, parent table, parent key, parent's person column)
    "ssd_cla_placement": ("clap_cla_id", "ssd_cla_episodes", "clae_cla_id", "clae_person_id"),
    "ssd_cin_visits": ("cinv_cin_plan_id", "ssd_cin_plans", "cinp_cin_plan_id", "cinp_person_id"),
    "ssd_cp_visits": ("cppv_cp_plan_id", "ssd_cp_plans", "cppl_cp_plan_id", "cppl_person_id"),
    "ssd_cp_reviews": ("cppr_cp_plan_id", "ssd_cp_plans", "cppl_cp_plan_id", "cppl_person_id"),
    "ssd_involvements": ("invo_referral_id", "ssd_cin_episodes", "cine_referral_id", "cine_person_id"),
}
"""Where a table's person column may be absent, the record it belongs to names the child."""
