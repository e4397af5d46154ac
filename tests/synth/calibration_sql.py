"""The calibration figures as plain SQL over the generated CSVs (DuckDB reads them directly).

Deliberately simple and self-contained: these check the generator against the published England
figures (lineofsight.synth.calibration.TARGETS); the product's own measure definitions live in
lineofsight.measures and are tested there. The year is the last complete year to 31 March on or
before the extract end, as in the DfE returns.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from lineofsight.schema import TABLES, load_authority
from lineofsight.warehouse.calendar import create_calendar


def year_end(end: dt.date) -> dt.date:
    """The last 31 March on or before `end`."""
    march = dt.date(end.year, 3, 31)
    return march if march <= end else dt.date(end.year - 1, 3, 31)


def connect(folder: Path) -> duckdb.DuckDBPyConnection:
    """Views over every CSV, plus the working-day calendar."""
    con = duckdb.connect()
    for t in TABLES:
        con.execute(f"CREATE VIEW {t.name} AS SELECT * FROM read_csv_auto('{folder / (t.name + '.csv')}', header=true)")
    lo, hi = con.execute("SELECT min(cine_referral_date), max(cine_referral_date) FROM ssd_cin_episodes").fetchone()
    create_calendar(con, lo - dt.timedelta(days=400), hi + dt.timedelta(days=400))
    return con


def figures(folder: Path, end: dt.date) -> dict[str, float]:
    con = connect(folder)
    ye = year_end(end)
    ys = dt.date(ye.year - 1, 4, 1)
    pop = load_authority(folder / "authority.toml").population_for(ye.year)
    p = {"ys": ys, "ye": ye}

    def one(sql: str) -> float:
        return float(con.execute(sql, {k: v for k, v in p.items() if f"${k}" in sql}).fetchone()[0])

    out = {
        "referrals_per_10k": one("SELECT count(*) FROM ssd_cin_episodes WHERE cine_referral_date BETWEEN $ys AND $ye")
        * 10_000 / pop,
        "rereferrals_12m": one("""
            WITH r AS (
                SELECT cine_referral_date AS d,
                       lag(cine_referral_date) OVER (PARTITION BY cine_person_id ORDER BY cine_referral_date, cine_referral_id) AS prev
                FROM ssd_cin_episodes)
            SELECT 100 * avg(CASE WHEN prev >= d - INTERVAL 1 YEAR THEN 1 ELSE 0 END) FROM r WHERE d BETWEEN $ys AND $ye"""),
        "assessments_45wd": one("""
            SELECT 100 * avg(CASE WHEN b.wd_index - a.wd_index <= 45 THEN 1 ELSE 0 END)
            FROM ssd_cin_assessments t
            JOIN ref_calendar a ON a.cal_date = t.cina_assessment_start_date
            JOIN ref_calendar b ON b.cal_date = t.cina_assessment_auth_date
            WHERE t.cina_assessment_auth_date BETWEEN $ys AND $ye"""),
        "icpc_15wd": one("""
            SELECT 100 * avg(CASE WHEN b.wd_index - a.wd_index <= 15 THEN 1 ELSE 0 END)
            FROM ssd_initial_cp_conference c
            JOIN ssd_s47_enquiry s ON s.s47e_s47_enquiry_id = c.icpc_s47_enquiry_id
            JOIN ref_calendar a ON a.cal_date = s.s47e_s47_start_date
            JOIN ref_calendar b ON b.cal_date = c.icpc_icpc_date
            WHERE c.icpc_icpc_date BETWEEN $ys AND $ye AND coalesce(c.icpc_icpc_transfer_in, 'N') <> 'Y'"""),
        "cp_ended_2y": one("""
            SELECT 100 * avg(CASE WHEN cppl_cp_plan_end_date >= cppl_cp_plan_start_date + INTERVAL 2 YEAR THEN 1 ELSE 0 END)
            FROM ssd_cp_plans WHERE cppl_cp_plan_end_date BETWEEN $ys AND $ye"""),
        "cp_repeat": one("""
            SELECT 100 * avg(CASE WHEN EXISTS (
                       SELECT 1 FROM ssd_cp_plans o WHERE o.cppl_person_id = p.cppl_person_id
                         AND o.cppl_cp_plan_start_date < p.cppl_cp_plan_start_date) THEN 1 ELSE 0 END)
            FROM ssd_cp_plans p WHERE p.cppl_cp_plan_start_date BETWEEN $ys AND $ye"""),
        "cla_per_10k": one("""
            SELECT count(DISTINCT clae_person_id) FROM ssd_cla_episodes
            WHERE clae_cla_episode_start_date <= $ye AND (clae_cla_episode_ceased_date IS NULL OR clae_cla_episode_ceased_date > $ye)""")
        * 10_000 / pop,
        "stability_long_term": one("""
            WITH lac AS (
                SELECT DISTINCT e.clae_person_id AS pid, e.clae_entered_care_date AS entered
                FROM ssd_cla_episodes e JOIN ssd_person p ON p.pers_person_id = e.clae_person_id
                WHERE e.clae_cla_episode_start_date <= $ye AND (e.clae_cla_episode_ceased_date IS NULL OR e.clae_cla_episode_ceased_date > $ye)
                  AND p.pers_dob + INTERVAL 16 YEAR > $ye
                  AND e.clae_entered_care_date <= $ye - INTERVAL 30 MONTH)
            SELECT 100 * avg(CASE WHEN EXISTS (
                       SELECT 1 FROM ssd_cla_placement c WHERE c.clap_person_id = lac.pid
                         AND c.clap_cla_placement_start_date <= $ye - INTERVAL 2 YEAR
                         AND (c.clap_cla_placement_end_date IS NULL OR c.clap_cla_placement_end_date > $ye)) THEN 1 ELSE 0 END)
            FROM lac"""),
        # Children on a plan at the year end for 3 months or more: every review held in the year on time
        # (the first within 3 months of the start, each later one within 6 months of the one before) and
        # the next not yet overdue.
        "cp_reviews_on_time": one("""
            WITH plans AS (
                SELECT cppl_cp_plan_id AS plan, cppl_cp_plan_start_date AS s FROM ssd_cp_plans
                WHERE cppl_cp_plan_start_date <= $ye - INTERVAL 3 MONTH
                  AND (cppl_cp_plan_end_date IS NULL OR cppl_cp_plan_end_date > $ye)),
            r AS (
                SELECT p.plan, r.cppr_cp_review_date AS d,
                       coalesce(lag(r.cppr_cp_review_date) OVER (PARTITION BY p.plan ORDER BY r.cppr_cp_review_date, r.cppr_cp_review_id)
                                + INTERVAL 6 MONTH, p.s + INTERVAL 3 MONTH) AS due
                FROM plans p JOIN ssd_cp_reviews r ON r.cppr_cp_plan_id = p.plan AND r.cppr_cp_review_date <= $ye),
            judged AS (
                SELECT p.plan,
                       coalesce(bool_or(r.d > r.due AND r.d >= $ys), FALSE) AS late,
                       coalesce(max(r.d) + INTERVAL 6 MONTH, p.s + INTERVAL 3 MONTH) AS next_due
                FROM plans p LEFT JOIN r USING (plan) GROUP BY p.plan, p.s)
            SELECT 100 * avg(CASE WHEN NOT late AND next_due >= $ye THEN 1 ELSE 0 END) FROM judged"""),
        # Latest status record on or before the year end of each care leaver aged 19 to 21 then.
        "care_leavers_suitable_19_21": one("""
            WITH latest AS (
                SELECT l.*, p.pers_dob FROM ssd_care_leavers l JOIN ssd_person p ON p.pers_person_id = l.clea_person_id
                WHERE l.clea_record_date <= $ye
                QUALIFY row_number() OVER (PARTITION BY l.clea_person_id ORDER BY l.clea_record_date DESC, l.clea_table_id DESC) = 1)
            SELECT 100 * avg(CASE WHEN clea_care_leaver_accom_suitable = 1 THEN 1 ELSE 0 END) FROM latest
            WHERE date_sub('year', pers_dob, $ye) BETWEEN 19 AND 21 AND coalesce(clea_care_leaver_in_touch, '') <> 'DIED'"""),
        # At each month end of the year: care leavers aged 16 to 21 whose latest record shows a pathway plan
        # review in the 6 months before it (those who died or no longer need services left out).
        "pathway_plan_current": one("""
            WITH months AS (
                SELECT (m + INTERVAL 1 MONTH - INTERVAL 1 DAY)::DATE AS me
                FROM range($ys::TIMESTAMP, $ye::TIMESTAMP, INTERVAL 1 MONTH) t(m)),
            latest AS (
                SELECT m.me, l.clea_pathway_plan_review_date AS review, l.clea_care_leaver_in_touch AS touch, p.pers_dob
                FROM months m JOIN ssd_care_leavers l ON l.clea_record_date <= m.me
                JOIN ssd_person p ON p.pers_person_id = l.clea_person_id
                QUALIFY row_number() OVER (PARTITION BY m.me, l.clea_person_id ORDER BY l.clea_record_date DESC, l.clea_table_id DESC) = 1),
            monthly AS (
                SELECT me, 100 * avg(CASE WHEN review > me - INTERVAL 6 MONTH AND review <= me THEN 1 ELSE 0 END) AS pct
                FROM latest
                WHERE date_sub('year', pers_dob, me) BETWEEN 16 AND 21 AND coalesce(touch, '') NOT IN ('DIED', 'NREQ')
                GROUP BY me)
            SELECT avg(pct) FROM monthly"""),
    }
    con.close()
    return out
