"""Hand-made records for the timeliness rules (working days from ref_calendar)."""

from quality.builders import case, d

C = "ssd_contacts"


@case("contact-recorded-late")
def contact_late(db):
    db.person()
    late = db.add(C, cont_contact_date=d("2024-01-08"), cont_contact_recorded_date=d("2024-01-10"))  # Mon -> Wed: 2
    next_day = db.add(C, cont_contact_date=d("2024-01-08"), cont_contact_recorded_date=d("2024-01-09"))  # 1
    weekend = db.add(C, cont_contact_date=d("2024-01-12"), cont_contact_recorded_date=d("2024-01-15"))  # Fri -> Mon: 1
    # Thu 28 March 2024 -> Tue 2 April: Good Friday and Easter Monday are bank holidays, so 1 working day.
    easter = db.add(C, cont_contact_date=d("2024-03-28"), cont_contact_recorded_date=d("2024-04-02"))
    unrecorded = db.add(C, cont_contact_date=d("2024-01-08"))
    return {(C, late)}, {(C, next_day), (C, weekend), (C, easter), (C, unrecorded)}


def _visit_case(name, date_col, recorded_col):
    def build(db):
        db.person()
        late = db.add(name, **{date_col: d("2024-01-08"), recorded_col: d("2024-01-16")})  # 6 working days
        ok = db.add(name, **{date_col: d("2024-01-08"), recorded_col: d("2024-01-15")})  # 5 working days
        return {(name, late)}, {(name, ok)}

    return build


case("cin-visit-recorded-late")(_visit_case("ssd_cin_visits", "cinv_cin_visit_date", "cinv_cin_visit_recorded_date"))
case("cp-visit-recorded-late")(_visit_case("ssd_cp_visits", "cppv_cp_visit_date", "cppv_cp_visit_recorded_date"))
case("cla-visit-recorded-late")(_visit_case("ssd_cla_visits", "clav_cla_visit_date", "clav_cla_visit_recorded_date"))

A = "ssd_cin_assessments"


@case("assessment-authorised-not-completed")
def authorised_not_completed(db):
    bad = db.add(A, cina_assessment_auth_date=d("2024-02-01"))
    done = db.add(A, cina_assessment_auth_date=d("2024-02-01"), cina_assessment_completed_date=d("2024-01-30"))
    still_open = db.add(A)
    return {(A, bad)}, {(A, done), (A, still_open)}


@case("assessment-authorised-before-completed")
def authorised_before_completed(db):
    bad = db.add(A, cina_assessment_auth_date=d("2024-02-01"), cina_assessment_completed_date=d("2024-02-02"))
    same_day = db.add(A, cina_assessment_auth_date=d("2024-02-01"), cina_assessment_completed_date=d("2024-02-01"))
    return {(A, bad)}, {(A, same_day)}
