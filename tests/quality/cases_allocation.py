"""Hand-made records for the allocation rules."""

from quality.builders import case, d

R, IN, W = "ssd_cin_episodes", "ssd_involvements", "ssd_professionals"


@case("open-case-unallocated")
def unallocated(db):
    allocated = db.add(R, cine_person_id="P1", cine_referral_date=d("2024-01-10"))
    db.add(IN, invo_person_id="P1", invo_professional_role_id="SW", invo_involvement_start_date=d("2024-01-10"))
    pa_only = db.add(R, cine_person_id="P2", cine_referral_date=d("2024-01-10"))
    db.add(IN, invo_person_id="P2", invo_professional_role_id="PA", invo_involvement_start_date=d("2024-01-10"))
    ended = db.add(R, cine_person_id="P3", cine_referral_date=d("2024-01-10"))
    db.add(IN, invo_person_id="P3", invo_professional_role_id="SW", invo_involvement_start_date=d("2024-01-10"),
           invo_involvement_end_date=d("2024-02-01"))
    closed = db.add(R, cine_person_id="P4", cine_referral_date=d("2024-01-10"), cine_close_date=d("2024-02-01"))
    return {(R, pa_only), (R, ended)}, {(R, allocated), (R, closed)}


@case("worker-without-team")
def worker_without_team(db):
    return {(W, db.add(W))}, {(W, db.add(W, prof_professional_department="T1"))}


@case("leaver-holding-cases")
def leaver(db):
    db.add(W, prof_professional_id="W1", prof_end_date=d("2024-01-31"))
    db.add(W, prof_professional_id="W2")
    db.add(W, prof_professional_id="W3", prof_end_date=d("2024-12-31"))  # leaving later: not yet a leaver
    still_open = db.add(IN, invo_professional_id="W1", invo_involvement_start_date=d("2023-06-01"))
    ran_over = db.add(IN, invo_professional_id="W1", invo_involvement_start_date=d("2023-06-01"),
                      invo_involvement_end_date=d("2024-02-15"))
    handed_over = db.add(IN, invo_professional_id="W1", invo_involvement_start_date=d("2023-06-01"),
                         invo_involvement_end_date=d("2024-01-31"))
    in_post = db.add(IN, invo_professional_id="W2", invo_involvement_start_date=d("2023-06-01"))
    leaving_later = db.add(IN, invo_professional_id="W3", invo_involvement_start_date=d("2023-06-01"))
    return {(IN, still_open), (IN, ran_over)}, {(IN, handed_over), (IN, in_post), (IN, leaving_later)}


@case("allocation-before-worker-started")
def before_started(db):
    db.add(W, prof_professional_id="W1", prof_start_date=d("2023-06-01"))
    bad = db.add(IN, invo_professional_id="W1", invo_involvement_start_date=d("2023-05-31"))
    ok = db.add(IN, invo_professional_id="W1", invo_involvement_start_date=d("2023-06-01"))
    return {(IN, bad)}, {(IN, ok)}
