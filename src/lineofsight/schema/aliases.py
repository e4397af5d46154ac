"""Other names a column arrives under, declared as data and resolved when a file is read.

Data to Insight's SSD has renamed columns between releases and its deployment scripts differ by case
system; a council's extract carries the names of the release and system it was made with. Each entry
maps a name found in a file header to the column it fills here. The load report lists every alias it
used, so nobody wonders where a column went.

DISPLACED covers a name whose meaning changed: in SSD v1.4.5 `pers_upn` holds the UPN and
`pers_common_child_id` the NHS number, where earlier releases (and this schema) keep the UPN in
`pers_common_child_id`. When the file supplies the target through an alias, its own column of that
name is kept under the name given here (an extra column, stored with the snapshot, never dropped).
"""

from __future__ import annotations

ALIASES: dict[str, dict[str, str]] = {
    # SSD v1.4.5 names (D2I ssd_ddl_reference, deployment_extracts) -> this schema
    "ssd_person": {"pers_upn": "pers_common_child_id"},
    "ssd_cla_episodes": {"clae_cla_episode_ceased_date": "clae_cla_episode_ceased"},
    "ssd_cla_reviews": {"clar_cla_person_id": "clar_person_id"},
    # Mosaic's deployment names the CIN plan key differently
    "ssd_cin_plans": {"cin_plan_id": "cinp_cin_plan_id"},
}

DISPLACED: dict[str, dict[str, str]] = {
    "ssd_person": {"pers_common_child_id": "pers_nhs_number"},
}


def resolve(table: str, header: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """The header with aliases replaced by the columns they fill, and the (found, used as) pairs."""
    names = [h.strip().lower() for h in header]
    aliases = ALIASES.get(table, {})
    targets = {aliases[n] for n in names if n in aliases}
    displaced = {old: new for old, new in DISPLACED.get(table, {}).items() if old in targets}
    out, used = [], []
    for n in names:
        if n in displaced:
            out.append(displaced[n])
            used.append((n, displaced[n]))
        elif n in aliases and aliases[n] not in names or n in aliases and aliases[n] in displaced:
            out.append(aliases[n])
            used.append((n, aliases[n]))
        else:
            out.append(n)
    return out, used


PERSON_VIA: dict[str, tuple[str, str, str, str]] = {
    # Mosaic's SSD deployment has no person id on these tables: the child is the parent record's.
    # table: (link column here, parent table, parent key, parent's person column)
    "ssd_cla_placement": ("clap_cla_id", "ssd_cla_episodes", "clae_cla_id", "clae_person_id"),
    "ssd_cp_visits": ("cppv_cp_plan_id", "ssd_cp_plans", "cppl_cp_plan_id", "cppl_person_id"),
    "ssd_cp_reviews": ("cppr_cp_plan_id", "ssd_cp_plans", "cppl_cp_plan_id", "cppl_person_id"),
    "ssd_involvements": ("invo_referral_id", "ssd_cin_episodes", "cine_referral_id", "cine_person_id"),
}
"""Where a table's person column may be absent, the record it belongs to names the child."""
