"""Hand-made records for the validity rules: future dates, dates before birth, impossible ages, codes."""

import datetime as dt

from lineofsight.quality.rules.validity import BIRTH_BOUND_TABLES, PLANNED_DATES, code_columns
from lineofsight.schema import CODE_LISTS, TABLES, codes
from quality.builders import AS_AT, case, d


@case("date-in-future")
def future(db):
    """Every recorded date column of every table, one day after the reference date, is flagged."""
    bad, good = set(), set()
    tomorrow = AS_AT + dt.timedelta(days=1)
    for t in TABLES:
        for c in t.date_columns:
            if c in PLANNED_DATES:
                good.add((t.name, db.add(t.name, **{c: dt.date(2031, 1, 1)})))
            else:
                bad.add((t.name, db.add(t.name, **{c: tomorrow})))
        good.add((t.name, db.add(t.name, **dict.fromkeys(t.date_columns, AS_AT))))
    return bad, good


@case("conference-on-weekend")
def conference_on_weekend(db):
    IC = "ssd_initial_cp_conference"
    saturday = db.add(IC, icpc_icpc_date=d("2024-01-13"))
    sunday = db.add(IC, icpc_icpc_date=d("2024-01-14"))
    monday = db.add(IC, icpc_icpc_date=d("2024-01-15"))
    return {(IC, saturday), (IC, sunday)}, {(IC, monday)}


@case("date-before-birth")
def before_birth(db):
    db.person("P1", "2015-06-01")
    bad, good = set(), set()
    for name, columns in BIRTH_BOUND_TABLES.items():
        for c in columns:
            bad.add((name, db.add(name, **{c: d("2015-05-31")})))
            good.add((name, db.add(name, **{c: d("2015-06-01")})))
    # An unborn baby can be the subject of a contact, a conference and a plan.
    good.add(("ssd_contacts", db.add("ssd_contacts", cont_contact_date=d("2015-03-01"))))
    good.add(("ssd_cp_plans", db.add("ssd_cp_plans", cppl_cp_plan_start_date=d("2015-04-01"))))
    return bad, good


E, CP = "ssd_cla_episodes", "ssd_cp_plans"


@case("looked-after-aged-18-or-over")
def looked_after_18(db):
    db.person("P1", "2005-01-15")  # 18 on 15 January 2023
    db.person("P2", "2010-01-15")
    on_birthday = db.add(E, clae_cla_episode_start_date=d("2020-01-01"), clae_cla_episode_ceased_date=d("2023-01-15"))
    day_after = db.add(E, clae_cla_episode_start_date=d("2020-01-01"), clae_cla_episode_ceased_date=d("2023-01-16"))
    started_at_18 = db.add(E, clae_cla_episode_start_date=d("2023-01-15"), clae_cla_episode_ceased_date=d("2023-01-15"))
    still_open = db.add(E, clae_cla_episode_start_date=d("2022-06-01"))
    younger_open = db.add(E, clae_person_id="P2", clae_cla_episode_start_date=d("2022-06-01"))
    return {(E, day_after), (E, started_at_18), (E, still_open)}, {(E, on_birthday), (E, younger_open)}


@case("cp-plan-aged-18-or-over")
def cp_plan_18(db):
    db.person("P1", "2005-01-15")
    db.person("P2", "2010-01-15")
    ended_at_18 = db.add(CP, cppl_cp_plan_start_date=d("2022-01-01"), cppl_cp_plan_end_date=d("2023-01-15"))
    still_open = db.add(CP, cppl_cp_plan_start_date=d("2022-01-01"))
    younger_open = db.add(CP, cppl_person_id="P2", cppl_cp_plan_start_date=d("2022-01-01"))
    return {(CP, still_open)}, {(CP, ended_at_18), (CP, younger_open)}


L = "ssd_care_leavers"


@case("care-leaver-under-16")
def care_leaver_under_16(db):
    db.person("P1", "2008-03-02")  # 16 on 2 March 2024
    bad = db.add(L, clea_record_date=d("2024-03-01"))
    ok = db.add(L, clea_record_date=d("2024-03-02"))
    return {(L, bad)}, {(L, ok)}


@case("care-leaver-over-25")
def care_leaver_over_25(db):
    db.person("P1", "1998-03-02")  # 26 on 2 March 2024
    bad = db.add(L, clea_record_date=d("2024-03-02"))
    ok = db.add(L, clea_record_date=d("2024-03-01"))
    return {(L, bad)}, {(L, ok)}


def _code_case(list_name, columns):
    def build(db):
        bad, good = set(), set()
        valid = sorted(codes(list_name))[0]
        for name, col in columns:
            bad.add((name, db.add(name, **{col: "ZZ9"})))
            good.add((name, db.add(name, **{col: valid})))
            good.add((name, db.add(name, **{col: None})))
        return bad, good

    return build


for _list, _columns in code_columns().items():
    if _list in CODE_LISTS:
        case(f"invalid-code-{_list.replace('_', '-')}")(_code_case(_list, _columns))
