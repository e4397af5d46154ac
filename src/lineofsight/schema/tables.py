"""The Standard Safeguarding Dataset (Data to Insight, v1.4.5), declared once, plus our extensions.

Table and column names are the SSD's own: every table and column D2I's v1.4.5 scripts write for
SystemC, Mosaic or Eclipse (schema/ssd_v145_columns.csv) is declared here or is a declared alias
(schema/aliases.py); tests/schema checks it. Tables no measure uses yet are still declared, so a council's
file for them is read, checked and kept in the snapshot like any other. The DuckDB DDL, the loader's checks, the generator's
output and docs/data-dictionary.md are all derived from TABLES. Only each table's id, person id and
main date are required; everything else may be empty because real extracts are incomplete.
Columns and tables marked `extension` are not in the SSD: their `why` says what needs them.
"""

from __future__ import annotations

from lineofsight.schema.model import Column, Table

PERSON = "ssd_person.pers_person_id"
REFERRAL = "ssd_cin_episodes.cine_referral_id"
TEAM = "ssd_department.dept_team_id"
WORKER = "ssd_professionals.prof_professional_id"


def col(name: str, type_: str, description: str, **kw) -> Column:
    return Column(name=name, type=type_, description=description, **kw)  # type: ignore[arg-type]


def key(name: str, description: str) -> Column:
    return Column(name=name, type="id", description=description, nullable=False)


def person(name: str) -> Column:
    return Column(name=name, type="id", description="The child or young person.", nullable=False, references=PERSON)


def main_date(name: str, description: str) -> Column:
    return Column(name=name, type="date", description=description, nullable=False)


def ext(name: str, type_: str, description: str, why: str, **kw) -> Column:
    return Column(name=name, type=type_, description=description, extension=True, why=why, **kw)  # type: ignore[arg-type]


def team(name: str, description: str = "Responsible team.") -> Column:
    return col(name, "id", description, references=TEAM)


def worker(name: str, description: str = "Responsible worker.") -> Column:
    return col(name, "id", description, references=WORKER)


TABLES: tuple[Table, ...] = (
    Table(
        "ssd_person", "Every child or young person known to children's social care.",
        (
            col("pers_legacy_id", "text", "Identifier in a previous case system (the CIN census LAchildID)."),
            key("pers_person_id", "Person identifier on the case system."),
            col("pers_sex", "code", "Sex as recorded.", codes="sex"),
            col("pers_gender", "text", "Gender identity as recorded (CIN census GenderCurrent)."),
            col("pers_ethnicity", "code", "Ethnicity (DfE main codes).", codes="ethnicity"),
            col("pers_dob", "date", "Date of birth.", personal=True),
            col("pers_single_unique_id", "text", "Single unique identifier (PERS013A): the NHS number where known.",
                personal=True),
            col("pers_upn", "text", "Unique pupil number (UPN) where known.", personal=True),
            col("pers_upn_unknown", "text", "Reason the UPN is unknown (UN1 to UN10)."),
            col("pers_send_flag", "text", "Special educational needs flag."),
            col("pers_expected_dob", "date", "Expected date of birth of an unborn child."),
            col("pers_death_date", "date", "Date of death."),
            col("pers_is_mother", "flag", "Whether the person is a mother."),
            col("pers_nationality", "text", "Nationality."),
            col("pers_forename", "text", "Forename (finding probable duplicate people needs names; never logged or "
                "shown to aggregate roles).", personal=True),
            col("pers_surname", "text", "Surname.", personal=True),
        ),
        primary_key="pers_person_id", person_column="pers_person_id",
    ),
    Table(
        "ssd_disability", "Disabilities recorded for a person, one row each.",
        (
            key("disa_table_id", "Row identifier."),
            person("disa_person_id"),
            col("disa_disability_code", "code", "Disability (CIN census codes).", codes="disability"),
        ),
        primary_key="disa_table_id", person_column="disa_person_id",
    ),
    Table(
        "ssd_immigration_status", "Immigration status periods, including unaccompanied asylum-seeking children.",
        (
            key("immi_immigration_status_id", "Row identifier."),
            person("immi_person_id"),
            main_date("immi_immigration_status_start_date", "Status applies from."),
            col("immi_immigration_status_end_date", "date", "Status applies until."),
            col("immi_immigration_status", "code", "Immigration status.", codes="immigration_status"),
        ),
        primary_key="immi_immigration_status_id", person_column="immi_person_id",
        main_date="immi_immigration_status_start_date",
    ),
    Table(
        "ssd_legal_status", "Legal status periods of children looked after (SSDA903 LS).",
        (
            key("lega_legal_status_id", "Row identifier."),
            person("lega_person_id"),
            col("lega_legal_status", "code", "Legal status.", codes="legal_status"),
            main_date("lega_legal_status_start_date", "Legal status from."),
            col("lega_legal_status_end_date", "date", "Legal status until."),
        ),
        primary_key="lega_legal_status_id", person_column="lega_person_id", main_date="lega_legal_status_start_date",
    ),
    Table(
        "ssd_contacts", "Contacts received by the front door (MASH).",
        (
            key("cont_contact_id", "Contact identifier."),
            person("cont_person_id"),
            main_date("cont_contact_date", "Date the contact was received."),
            col("cont_contact_source_code", "code", "Source of the contact.", codes="referral_source"),
            col("cont_contact_source_desc", "text", "Source of the contact, as text."),
            col("cont_contact_outcome_json", "json", "Outcome of the contact, as the case system records it."),
            ext("cont_contact_recorded_date", "date", "Date the contact was entered on the case system.",
                "Inspectors found contacts dated on entry rather than receipt, hiding days of delay; the gap is measured."),
            ext("cont_contact_outcome", "code", "Coded outcome of the contact.",
                "The SSD holds the outcome as free-form JSON; conversion to referral needs a code.", codes="contact_outcome"),
            ext("cont_contact_team", "id", "Team that handled the contact.", "Front-door breakdowns by team.", references=TEAM),
        ),
        primary_key="cont_contact_id", person_column="cont_person_id", main_date="cont_contact_date",
    ),
    Table(
        "ssd_early_help_episodes", "Early help episodes.",
        (
            key("earl_episode_id", "Episode identifier."),
            person("earl_person_id"),
            main_date("earl_episode_start_date", "Episode start."),
            col("earl_episode_end_date", "date", "Episode end."),
            col("earl_episode_reason", "text", "Reason for early help."),
            col("earl_episode_end_reason", "text", "Reason the episode ended."),
            col("earl_episode_organisation", "text", "Lead organisation."),
            col("earl_episode_worker_id", "text", "Lead worker."),
        ),
        primary_key="earl_episode_id", person_column="earl_person_id", main_date="earl_episode_start_date",
    ),
    Table(
        "ssd_cin_episodes", "Referrals and the children in need episodes that follow them (CIN census CINdetails).",
        (
            key("cine_referral_id", "Referral identifier."),
            person("cine_person_id"),
            main_date("cine_referral_date", "Date of referral."),
            col("cine_cin_primary_need_code", "code", "Primary need (N0 to N9).", codes="primary_need"),
            col("cine_referral_source_code", "code", "Source of referral.", codes="referral_source"),
            col("cine_referral_source_desc", "text", "Source of referral, as text."),
            col("cine_referral_outcome_json", "json", "Outcome of the referral, as the case system records it."),
            col("cine_referral_nfa", "flag", "Referral ended with no further action."),
            col("cine_close_reason", "code", "Reason the episode closed.", codes="reason_for_closure"),
            col("cine_close_date", "date", "Date the episode closed."),
            team("cine_referral_team"),
            worker("cine_referral_worker_id"),
        ),
        primary_key="cine_referral_id", person_column="cine_person_id", main_date="cine_referral_date",
    ),
    Table(
        "ssd_cin_assessments", "Single (child and family) assessments.",
        (
            key("cina_assessment_id", "Assessment identifier."),
            person("cina_person_id"),
            col("cina_referral_id", "id", "Referral the assessment belongs to.", references=REFERRAL),
            main_date("cina_assessment_start_date", "Date the assessment started."),
            col("cina_assessment_child_seen", "flag", "Child seen during the assessment."),
            col("cina_assessment_auth_date", "date", "Date the assessment was authorised (completed)."),
            col("cina_assessment_outcome_json", "json", "Outcome of the assessment, as the case system records it."),
            col("cina_assessment_outcome_nfa", "flag", "Assessment concluded with no further action (child not in need)."),
            team("cina_assessment_team"),
            worker("cina_assessment_worker_id"),
            ext("cina_assessment_completed_date", "date", "Date the worker recorded the assessment as completed.",
                "An assessment authorised but never recorded as completed is a recording defect to find."),
        ),
        primary_key="cina_assessment_id", person_column="cina_person_id", main_date="cina_assessment_start_date",
    ),
    Table(
        "ssd_assessment_factors", "Factors identified at the end of an assessment (CIN census codes, comma separated).",
        (
            key("cinf_table_id", "Row identifier."),
            col("cinf_assessment_id", "id", "The assessment.", references="ssd_cin_assessments.cina_assessment_id"),
            col("cinf_assessment_factors_json", "json", "Factor codes, comma separated (for example 3A,4B)."),
        ),
        primary_key="cinf_table_id",
    ),
    Table(
        "ssd_cin_plans", "Child in need plans.",
        (
            key("cinp_cin_plan_id", "Plan identifier."),
            col("cinp_referral_id", "id", "Referral the plan belongs to.", references=REFERRAL),
            person("cinp_person_id"),
            main_date("cinp_cin_plan_start_date", "Plan start."),
            col("cinp_cin_plan_end_date", "date", "Plan end."),
            team("cinp_cin_plan_team"),
            worker("cinp_cin_plan_worker_id"),
        ),
        primary_key="cinp_cin_plan_id", person_column="cinp_person_id", main_date="cinp_cin_plan_start_date",
    ),
    Table(
        "ssd_cin_visits", "Visits to children in need.",
        (
            key("cinv_cin_visit_id", "Visit identifier."),
            person("cinv_person_id"),
            col("cinv_cin_plan_id", "id", "The child in need plan visited under (Mosaic's link to the child).",
                references="ssd_cin_plans.cinp_cin_plan_id"),
            main_date("cinv_cin_visit_date", "Date of the visit."),
            col("cinv_cin_visit_seen", "flag", "Child seen."),
            col("cinv_cin_visit_seen_alone", "flag", "Child seen alone."),
            col("cinv_cin_visit_bedroom", "flag", "Child's bedroom seen."),
            ext("cinv_cin_visit_recorded_date", "date", "Date the visit was written up on the case system.",
                "Visits recorded long after they happened are a timeliness-of-recording defect."),
        ),
        primary_key="cinv_cin_visit_id", person_column="cinv_person_id", main_date="cinv_cin_visit_date",
    ),
    Table(
        "ssd_s47_enquiry", "Section 47 enquiries (the strategy discussion starts the enquiry).",
        (
            key("s47e_s47_enquiry_id", "Enquiry identifier."),
            col("s47e_referral_id", "id", "Referral the enquiry belongs to.", references=REFERRAL),
            person("s47e_person_id"),
            main_date("s47e_s47_start_date", "Date the enquiry started (strategy discussion)."),
            col("s47e_s47_end_date", "date", "Date the enquiry ended."),
            col("s47e_s47_nfa", "flag", "Enquiry ended with no further action."),
            col("s47e_s47_outcome_json", "json", "Outcome of the enquiry, as the case system records it."),
            team("s47e_s47_completed_by_team"),
            worker("s47e_s47_completed_by_worker_id"),
        ),
        primary_key="s47e_s47_enquiry_id", person_column="s47e_person_id", main_date="s47e_s47_start_date",
    ),
    Table(
        "ssd_initial_cp_conference", "Initial child protection conferences.",
        (
            key("icpc_icpc_id", "Conference identifier."),
            col("icpc_icpc_meeting_id", "text", "Meeting identifier."),
            col("icpc_s47_enquiry_id", "id", "Section 47 enquiry that led to the conference.", references="ssd_s47_enquiry.s47e_s47_enquiry_id"),
            person("icpc_person_id"),
            col("icpc_cp_plan_id", "id", "Plan that resulted, if any."),
            col("icpc_referral_id", "id", "Referral.", references=REFERRAL),
            col("icpc_icpc_transfer_in", "flag", "Transfer-in conference for a child on another authority's plan."),
            col("icpc_icpc_target_date", "date", "Target date for the conference."),
            main_date("icpc_icpc_date", "Date the conference was held."),
            col("icpc_icpc_outcome_cp_flag", "flag", "Conference decided on a child protection plan."),
            col("icpc_icpc_outcome_json", "json", "Outcome of the conference, as the case system records it."),
            team("icpc_icpc_team"),
            worker("icpc_icpc_worker_id"),
        ),
        primary_key="icpc_icpc_id", person_column="icpc_person_id", main_date="icpc_icpc_date",
    ),
    Table(
        "ssd_cp_plans", "Child protection plans.",
        (
            key("cppl_cp_plan_id", "Plan identifier."),
            col("cppl_referral_id", "id", "Referral.", references=REFERRAL),
            col("cppl_icpc_id", "id", "Conference that made the plan.", references="ssd_initial_cp_conference.icpc_icpc_id"),
            person("cppl_person_id"),
            main_date("cppl_cp_plan_start_date", "Plan start."),
            col("cppl_cp_plan_end_date", "date", "Plan end."),
            col("cppl_cp_plan_ola", "flag", "Plan held by another local authority."),
            col("cppl_cp_plan_initial_category", "code", "Initial category of abuse.", codes="category_of_abuse"),
            col("cppl_cp_plan_latest_category", "code", "Latest category of abuse.", codes="category_of_abuse"),
        ),
        primary_key="cppl_cp_plan_id", person_column="cppl_person_id", main_date="cppl_cp_plan_start_date",
    ),
    Table(
        "ssd_cp_visits", "Statutory visits to children on a child protection plan.",
        (
            key("cppv_cp_visit_id", "Visit identifier."),
            person("cppv_person_id"),
            col("cppv_cp_plan_id", "id", "The plan.", references="ssd_cp_plans.cppl_cp_plan_id"),
            main_date("cppv_cp_visit_date", "Date of the visit."),
            col("cppv_cp_visit_seen", "flag", "Child seen."),
            col("cppv_cp_visit_seen_alone", "flag", "Child seen alone."),
            col("cppv_cp_visit_bedroom", "flag", "Child's bedroom seen."),
            ext("cppv_cp_visit_recorded_date", "date", "Date the visit was written up on the case system.",
                "Visits recorded long after they happened are a timeliness-of-recording defect."),
        ),
        primary_key="cppv_cp_visit_id", person_column="cppv_person_id", main_date="cppv_cp_visit_date",
    ),
    Table(
        "ssd_cp_reviews", "Child protection review conferences.",
        (
            key("cppr_cp_review_id", "Review identifier."),
            person("cppr_person_id"),
            col("cppr_cp_plan_id", "id", "The plan.", references="ssd_cp_plans.cppl_cp_plan_id"),
            col("cppr_cp_review_due", "date", "Date the review was due."),
            main_date("cppr_cp_review_date", "Date the review was held."),
            col("cppr_cp_review_meeting_id", "text", "Meeting identifier."),
            col("cppr_cp_review_outcome_continue_cp", "flag", "Plan to continue."),
            col("cppr_cp_review_quorate", "text", "Whether the review was quorate."),
            col("cppr_cp_review_participation", "text", "Child's participation."),
        ),
        primary_key="cppr_cp_review_id", person_column="cppr_person_id", main_date="cppr_cp_review_date",
    ),
    Table(
        "ssd_cla_episodes", "Episodes of care (SSDA903 episodes); clae_cla_id groups a period of care.",
        (
            key("clae_cla_episode_id", "Episode identifier."),
            person("clae_person_id"),
            col("clae_cla_placement_id", "id", "Placement during the episode."),
            main_date("clae_cla_episode_start_date", "Episode start."),
            col("clae_cla_episode_start_reason", "code", "Reason for new episode (RNE).", codes="reason_new_episode"),
            col("clae_cla_primary_need_code", "code", "Category of need (N1 to N8).", codes="primary_need"),
            col("clae_cla_episode_ceased_date", "date", "Episode end."),
            col("clae_cla_episode_ceased_reason", "code", "Reason episode ceased (REC).", codes="reason_episode_ceased"),
            col("clae_cla_id", "id", "Period of care the episode belongs to."),
            col("clae_referral_id", "id", "Referral.", references=REFERRAL),
            col("clae_cla_last_iro_contact_date", "date", "Last contact with the independent reviewing officer."),
            col("clae_entered_care_date", "date", "Date the child entered this period of care."),
            ext("clae_cla_team", "id", "Team holding the child's case.", "Breakdowns of care measures by team.", references=TEAM),
        ),
        primary_key="clae_cla_episode_id", person_column="clae_person_id", main_date="clae_cla_episode_start_date",
    ),
    Table(
        "ssd_cla_placement", "Placements of children looked after.",
        (
            key("clap_cla_placement_id", "Placement identifier."),
            col("clap_cla_id", "id", "Period of care."),
            person("clap_person_id"),
            main_date("clap_cla_placement_start_date", "Placement start."),
            col("clap_cla_placement_type", "code", "Placement type (SSDA903 PLACE).", codes="placement_type"),
            col("clap_cla_placement_urn", "text", "Ofsted unique reference number of the provider."),
            col("clap_cla_placement_distance", "float", "Distance from home in miles."),
            col("clap_cla_placement_provider", "code", "Placement provider (PR0 to PR5).", codes="placement_provider"),
            col("clap_cla_placement_postcode", "text", "Placement postcode.", personal=True),
            col("clap_cla_placement_end_date", "date", "Placement end."),
            col("clap_cla_placement_change_reason", "code", "Reason for placement change.", codes="placement_change_reason"),
            ext("clap_cla_placement_unregistered", "flag", "The home is unregistered (not registered with Ofsted though it should be).",
                "Children in unregistered homes must be seen weekly and counted; the SSD has no flag for them."),
            ext("clap_cla_placement_long_term", "flag", "The placement is agreed as the child's permanent home until 18.",
                "The statutory visiting schedule falls to three-monthly for agreed long-term placements (Care Planning Regulations 28)."),
        ),
        primary_key="clap_cla_placement_id", person_column="clap_person_id", main_date="clap_cla_placement_start_date",
    ),
    Table(
        "ssd_cla_reviews", "Reviews of children looked after.",
        (
            key("clar_cla_review_id", "Review identifier."),
            col("clar_cla_id", "id", "Period of care."),
            col("clar_cla_review_due_date", "date", "Date the review was due."),
            main_date("clar_cla_review_date", "Date the review was held."),
            col("clar_cla_review_cancelled", "flag", "Review cancelled."),
            col("clar_cla_review_participation", "text", "Child's participation (PN0 to PN7)."),
            col("clar_cla_person_id", "id", "The child (SSD v1.4.1 on; extracts from earlier releases lack it).",
                references=PERSON),
        ),
        primary_key="clar_cla_review_id", main_date="clar_cla_review_date",
    ),
    Table(
        "ssd_cla_visits", "Statutory visits to children looked after.",
        (
            key("clav_cla_visit_id", "Visit identifier."),
            col("clav_cla_id", "id", "Period of care."),
            person("clav_person_id"),
            main_date("clav_cla_visit_date", "Date of the visit."),
            col("clav_cla_visit_seen", "flag", "Child seen."),
            col("clav_cla_visit_seen_alone", "flag", "Child seen alone."),
            ext("clav_cla_visit_recorded_date", "date", "Date the visit was written up on the case system.",
                "Visits recorded long after they happened are a timeliness-of-recording defect."),
        ),
        primary_key="clav_cla_visit_id", person_column="clav_person_id", main_date="clav_cla_visit_date",
    ),
    Table(
        "ssd_cla_health", "Health assessments and checks of children looked after.",
        (
            key("clah_health_check_id", "Row identifier."),
            person("clah_person_id"),
            col("clah_health_check_type", "text", "Type of check (Health assessment, Dental check)."),
            main_date("clah_health_check_date", "Date of the check."),
            col("clah_health_check_status", "text", "Status of the check."),
        ),
        primary_key="clah_health_check_id", person_column="clah_person_id", main_date="clah_health_check_date",
    ),
    Table(
        "ssd_sdq_scores", "Strengths and difficulties questionnaire scores of children looked after (SSDA903 OC2).",
        (
            key("csdq_table_id", "Row identifier."),
            person("csdq_person_id"),
            main_date("csdq_sdq_completed_date", "Date the questionnaire was completed (or found impossible)."),
            col("csdq_sdq_score", "int", "Total difficulties score, 0 to 40."),
            col("csdq_sdq_reason", "code", "Reason no score was returned (SDQ1 to SDQ5).", codes="sdq_reason"),
        ),
        primary_key="csdq_table_id", person_column="csdq_person_id", main_date="csdq_sdq_completed_date",
    ),
    Table(
        "ssd_cla_convictions", "Convictions of children looked after (SSDA903 OC2 CONVICTED).",
        (
            key("clac_cla_conviction_id", "Row identifier."),
            person("clac_person_id"),
            main_date("clac_cla_conviction_date", "Date of the conviction."),
            col("clac_cla_conviction_offence", "text", "Offence."),
        ),
        primary_key="clac_cla_conviction_id", person_column="clac_person_id", main_date="clac_cla_conviction_date",
    ),
    Table(
        "ssd_cla_immunisations", "Whether a looked-after child's immunisations are up to date (SSDA903 OC2).",
        (
            key("clai_immunisations_id", "Row identifier."),
            person("clai_person_id"),
            col("clai_immunisations_status", "flag", "Immunisations up to date."),
            main_date("clai_immunisations_status_date", "Date the status was recorded."),
        ),
        primary_key="clai_immunisations_id", person_column="clai_person_id", main_date="clai_immunisations_status_date",
    ),
    Table(
        "ssd_cla_substance_misuse", "Substance misuse identified for children looked after (SSDA903 OC2).",
        (
            key("clas_substance_misuse_id", "Row identifier."),
            person("clas_person_id"),
            main_date("clas_substance_misuse_date", "Date the substance misuse was identified."),
            col("clas_substance_misused", "text", "Substance misused."),
            col("clas_intervention_received", "flag", "Intervention received."),
            ext("clas_intervention_offered", "flag", "Intervention offered (recorded when none was received).",
                "The SSDA903 OC2 return asks whether an intervention was offered when none was received (DfE rule 159)."),
        ),
        primary_key="clas_substance_misuse_id", person_column="clas_person_id", main_date="clas_substance_misuse_date",
    ),
    Table(
        "ssd_address", "Addresses of children, with dates (the SSDA903 home postcode comes from here).",
        (
            key("addr_table_id", "Row identifier."),
            person("addr_person_id"),
            col("addr_address_type", "text", "Address type."),
            main_date("addr_address_start_date", "Lived here from."),
            col("addr_address_end_date", "date", "Lived here until."),
            col("addr_address_postcode", "text", "Postcode.", personal=True),
            col("addr_address_json", "json", "Address, as the case system records it.", personal=True),
        ),
        primary_key="addr_table_id", person_column="addr_person_id", main_date="addr_address_start_date",
    ),
    Table(
        "ssd_missing", "Missing and away-from-placement episodes, with return home interviews.",
        (
            key("miss_table_id", "Row identifier."),
            person("miss_person_id"),
            main_date("miss_missing_episode_start_date", "Episode start."),
            col("miss_missing_episode_type", "code", "Missing or away.", codes="missing_type"),
            col("miss_missing_episode_end_date", "date", "Episode end."),
            col("miss_missing_rhi_offered", "flag", "Return home interview offered."),
            col("miss_missing_rhi_accepted", "flag", "Return home interview accepted."),
        ),
        primary_key="miss_table_id", person_column="miss_person_id", main_date="miss_missing_episode_start_date",
    ),
    Table(
        "ssd_care_leavers", "Care leaver status records (one row per status recorded).",
        (
            key("clea_table_id", "Row identifier."),
            person("clea_person_id"),
            col("clea_care_leaver_eligibility", "text", "Eligibility category (eligible, relevant, former relevant)."),
            col("clea_care_leaver_in_touch", "code", "In touch (SSDA903 IN_TOUCH).", codes="care_leaver_in_touch"),
            col("clea_care_leaver_latest_contact", "date", "Latest contact with the young person."),
            col("clea_care_leaver_accommodation", "code", "Accommodation type (SSDA903 ACCOM letter).", codes="care_leaver_accommodation"),
            col("clea_care_leaver_accom_suitable", "code", "Accommodation suitable (1) or not (2).", codes="accommodation_suitable"),
            col("clea_care_leaver_activity", "code", "Main activity (SSDA903 ACTIV).", codes="care_leaver_activity"),
            col("clea_pathway_plan_review_date", "date", "Latest pathway plan review."),
            col("clea_care_leaver_personal_advisor", "text", "Personal adviser."),
            team("clea_care_leaver_allocated_team"),
            worker("clea_care_leaver_worker_id"),
            ext("clea_record_date", "date", "Date this status was recorded.",
                "The SSD keeps only the current status; a dated record lets the product show the trend.", nullable=False),
        ),
        primary_key="clea_table_id", person_column="clea_person_id", main_date="clea_record_date",
    ),
    Table(
        "ssd_permanence", "Permanence: adoption and special guardianship milestones.",
        (
            key("perm_table_id", "Row identifier."),
            person("perm_person_id"),
            col("perm_cla_id", "id", "Period of care."),
            col("perm_adm_decision_date", "date", "Decision that the child should be placed for adoption."),
            col("perm_part_of_sibling_group", "flag", "Part of a sibling group."),
            col("perm_siblings_placed_together", "int", "Siblings placed together."),
            col("perm_siblings_placed_apart", "int", "Siblings placed apart."),
            col("perm_ffa_cp_decision_date", "date", "Fostering for adoption decision."),
            col("perm_placement_order_date", "date", "Placement order granted."),
            col("perm_matched_date", "date", "Matched with adopters."),
            col("perm_adopter_sex", "text", "Adopter(s) sex."),
            col("perm_adopter_legal_status", "text", "Adopter(s) legal status."),
            col("perm_number_of_adopters", "int", "Number of adopters."),
            col("perm_placed_for_adoption_date", "date", "Moved in with the adoptive family."),
            col("perm_adopted_by_carer_flag", "flag", "Adopted by former foster carer."),
            col("perm_placed_foster_carer_date", "date", "Placed with foster carer."),
            col("perm_placed_ffa_cp_date", "date", "Placed in fostering for adoption."),
            col("perm_placement_provider_urn", "text", "Provider URN."),
            col("perm_decision_reversed_date", "date", "Decision reversed."),
            col("perm_decision_reversed_reason", "text", "Reason decision reversed."),
            col("perm_permanence_order_date", "date", "Adoption or special guardianship order date."),
            col("perm_permanence_order_type", "text", "Order type (Adoption, Special guardianship order, Child arrangements order)."),
            worker("perm_adoption_worker_id", "Adoption worker."),
        ),
        primary_key="perm_table_id", person_column="perm_person_id",
    ),
    Table(
        "ssd_professionals", "Social workers and other professionals.",
        (
            key("prof_professional_id", "Worker identifier."),
            col("prof_staff_id", "text", "Staff number."),
            col("prof_professional_name", "text", "Name.", personal=True),
            col("prof_social_worker_registration_no", "text", "Social Work England registration number."),
            col("prof_agency_worker_flag", "flag", "Agency worker."),
            col("prof_professional_job_title", "text", "Job title."),
            col("prof_professional_caseload", "int", "Caseload on the census date."),
            col("prof_professional_department", "id", "Team.", references=TEAM),
            col("prof_full_time_equivalency", "float", "Full-time equivalent."),
            ext("prof_start_date", "date", "Date the worker joined.", "Turnover, and whether a worker held cases while in post."),
            ext("prof_end_date", "date", "Date the worker left.", "A leaver still holding cases is an allocation defect."),
        ),
        primary_key="prof_professional_id",
    ),
    Table(
        "ssd_department", "Teams and their service areas.",
        (
            key("dept_team_id", "Team identifier."),
            col("dept_team_name", "text", "Team name."),
            col("dept_team_parent_id", "id", "Parent (service area)."),
            col("dept_team_parent_name", "text", "Parent name."),
        ),
        primary_key="dept_team_id",
    ),
    Table(
        "ssd_involvements", "Allocations: which worker held a child's case, in which team, when.",
        (
            key("invo_involvements_id", "Row identifier."),
            worker("invo_professional_id", "Allocated worker."),
            col("invo_professional_role_id", "code", "Role (SW allocated social worker, PA personal adviser).", codes="involvement_role"),
            team("invo_professional_team", "Worker's team during the involvement."),
            person("invo_person_id"),
            main_date("invo_involvement_start_date", "Allocation start."),
            col("invo_involvement_end_date", "date", "Allocation end."),
            col("invo_worker_change_reason", "text", "Reason the worker changed."),
            col("invo_referral_id", "id", "Referral.", references=REFERRAL),
        ),
        primary_key="invo_involvements_id", person_column="invo_person_id", main_date="invo_involvement_start_date",
    ),
    Table(
        "ext_case_supervision", "Case supervision and management oversight records.",
        (
            key("exts_supervision_id", "Row identifier."),
            person("exts_person_id"),
            worker("exts_worker_id", "Worker supervised."),
            worker("exts_manager_id", "Manager who supervised."),
            main_date("exts_supervision_date", "Date of supervision."),
            col("exts_supervision_type", "code", "Type of oversight.", codes="supervision_type"),
        ),
        primary_key="exts_supervision_id", person_column="exts_person_id", main_date="exts_supervision_date",
        extension=True, why="Ofsted judges management oversight; the SSD has no record of it.",
    ),
    Table(
        "ext_case_audits", "Quality-assurance case audits.",
        (
            key("exta_audit_id", "Row identifier."),
            person("exta_person_id"),
            team("exta_team_id", "Team whose work was audited."),
            worker("exta_auditor_id", "Auditor."),
            main_date("exta_audit_date", "Date of the audit."),
            col("exta_audit_grade", "code", "Grade.", codes="audit_grade"),
        ),
        primary_key="exta_audit_id", person_column="exta_person_id", main_date="exta_audit_date",
        extension=True, why="Audit grades evidence the quality of practice behind the numbers; the SSD has none.",
    ),
    Table(
        "ssd_mother", "Children and young people who are mothers, with their children's dates of birth (SSDA903 header).",
        (
            key("moth_table_id", "Row identifier."),
            Column(name="moth_person_id", type="id", description="The young person who is a mother.", nullable=False,
                   references=PERSON),
            col("moth_childs_person_id", "text", "The mother's child, where known to the council."),
            main_date("moth_childs_dob", "The mother's child's date of birth."),
        ),
        primary_key="moth_table_id", person_column="moth_person_id", main_date="moth_childs_dob",
    ),
    # SSD v1.4.5 tables no measure uses yet: declared so their files are read, checked and kept.
    Table(
        "ssd_cla_care_plan", "Care plans of children looked after: the permanence plan, as the case system records it.",
        (
            key("lacp_table_id", "Row identifier."),
            person("lacp_person_id"),
            col("lacp_cla_care_plan_start_date", "date", "Plan start."),
            col("lacp_cla_care_plan_end_date", "date", "Plan end."),
            col("lacp_cla_care_plan_json", "json", "Plan details (permanence plan answers), as JSON."),
        ),
        primary_key="lacp_table_id", person_column="lacp_person_id",
    ),
    Table(
        "ssd_cla_previous_permanence", "Permanence orders a child had before coming into care (SSDA903 PrevPerm).",
        (
            key("lapp_table_id", "Row identifier."),
            person("lapp_person_id"),
            col("lapp_previous_permanence_option", "text", "Previous permanence option."),
            col("lapp_previous_permanence_la", "text", "Local authority that made the previous order."),
            col("lapp_previous_permanence_order_date", "text", "Date of the previous order as recorded (D2I keeps "
                "it as text: dd/mm/yyyy, with zz for unknown parts)."),
        ),
        primary_key="lapp_table_id", person_column="lapp_person_id",
    ),
    Table(
        "ssd_cohort", "Why each person is in the extract: the activity that brought them in (D2I's cohort check).",
        (
            Column(name="dim_person_id", type="id", description="The person.", nullable=False, references=PERSON),
            col("legacy_id", "text", "Identifier in a previous case system."),
            col("has_contact", "int", "Has a contact in the extract window (1 or 0)."),
            col("has_referral", "int", "Has a referral (1 or 0)."),
            col("has_903", "int", "Is in the SSDA903 cohort (1 or 0)."),
            col("is_care_leaver", "int", "Is a care leaver (1 or 0)."),
            col("has_eligibility", "int", "Has a care leaver eligibility record (1 or 0)."),
            col("has_client_flag", "int", "Flagged as a client on the case system (1 or 0)."),
            col("has_involvement", "int", "Has an allocation (1 or 0)."),
            col("first_activity_dttm", "date", "First activity found."),
            col("last_activity_dttm", "date", "Last activity found."),
        ),
        primary_key="dim_person_id", person_column="dim_person_id",
    ),
    Table(
        "ssd_family", "Family groups the case system links people into.",
        (
            key("fami_table_id", "Row identifier."),
            col("fami_family_id", "id", "Family identifier."),
            person("fami_person_id"),
        ),
        primary_key="fami_table_id", person_column="fami_person_id",
    ),
    Table(
        "ssd_linked_identifiers", "Other identifiers a person holds (former UPNs, other systems' ids), with dates.",
        (
            key("link_table_id", "Row identifier."),
            person("link_person_id"),
            col("link_identifier_type", "text", "What the identifier is."),
            col("link_identifier_value", "text", "The identifier.", personal=True),
            col("link_valid_from_date", "date", "Valid from."),
            col("link_valid_to_date", "date", "Valid until."),
        ),
        primary_key="link_table_id", person_column="link_person_id",
    ),
    Table(
        "ssd_send", "Education identifiers of children with special educational needs or disabilities.",
        (
            key("send_table_id", "Row identifier."),
            person("send_person_id"),
            col("send_upn", "text", "Unique pupil number.", personal=True),
            col("send_uln", "text", "Unique learner number.", personal=True),
            col("send_upn_unknown", "text", "Reason the UPN is unknown (UN1 to UN10)."),
        ),
        primary_key="send_table_id", person_column="send_person_id",
    ),
    Table(
        "ssd_sen_need", "Special educational needs recorded on an active EHC plan, ranked.",
        (
            key("senn_table_id", "Row identifier."),
            col("senn_active_ehcp_id", "id", "The active EHC plan (ssd_ehcp_active_plans)."),
            col("senn_active_ehcp_need_type", "text", "Type of need."),
            col("senn_active_ehcp_need_rank", "text", "Rank of the need (1 primary, 2 secondary)."),
        ),
        primary_key="senn_table_id",
    ),
    Table(
        "ssd_ehcp_requests", "Requests for an education, health and care (EHC) needs assessment.",
        (
            key("ehcr_ehcp_request_id", "Request identifier."),
            col("ehcr_send_table_id", "id", "The child's SEND record (ssd_send)."),
            col("ehcr_ehcp_req_date", "date", "Date the request was received."),
            col("ehcr_ehcp_req_outcome_date", "date", "Date of the decision on the request."),
            col("ehcr_ehcp_req_outcome", "text", "Decision on the request."),
        ),
        primary_key="ehcr_ehcp_request_id",
    ),
    Table(
        "ssd_ehcp_assessment", "EHC needs assessments.",
        (
            key("ehca_ehcp_assessment_id", "Assessment identifier."),
            col("ehca_ehcp_request_id", "id", "The request (ssd_ehcp_requests)."),
            col("ehca_ehcp_assessment_outcome_date", "date", "Date of the assessment decision."),
            col("ehca_ehcp_assessment_outcome", "text", "Assessment decision."),
            col("ehca_ehcp_assessment_exceptions", "text", "Exception to the 20-week timescale, if any."),
        ),
        primary_key="ehca_ehcp_assessment_id",
    ),
    Table(
        "ssd_ehcp_named_plan", "EHC plans issued (the plan naming the provision).",
        (
            key("ehcn_named_plan_id", "Plan identifier."),
            col("ehcn_ehcp_asmt_id", "id", "The assessment (ssd_ehcp_assessment)."),
            col("ehcn_named_plan_start_date", "date", "Plan start."),
            col("ehcn_named_plan_ceased_date", "date", "Plan ceased."),
            col("ehcn_named_plan_ceased_reason", "text", "Reason the plan ceased."),
        ),
        primary_key="ehcn_named_plan_id",
    ),
    Table(
        "ssd_ehcp_active_plans", "EHC plans in force, with their last annual review.",
        (
            key("ehcp_active_ehcp_id", "Active plan identifier."),
            col("ehcp_ehcp_request_id", "id", "The request (ssd_ehcp_requests)."),
            col("ehcp_active_ehcp_last_review_date", "date", "Last annual review."),
        ),
        primary_key="ehcp_active_ehcp_id",
    ),
    Table(
        "ssd_pre_proceedings", "Pre-proceedings (Public Law Outline) and care proceedings milestones.",
        (
            key("prep_table_id", "Row identifier."),
            person("prep_person_id"),
            col("prep_plo_family_id", "id", "The family the proceedings concern."),
            col("prep_pre_pro_decision_date", "date", "Decision to enter pre-proceedings."),
            col("prep_initial_pre_pro_meeting_date", "date", "Initial pre-proceedings meeting."),
            col("prep_pre_pro_outcome", "text", "Outcome of pre-proceedings."),
            col("prep_agree_stepdown_issue_date", "date", "Date step-down or issue was agreed."),
            col("prep_cp_plans_referral_period", "int", "Child protection plans in the referral period."),
            col("prep_legal_gateway_outcome", "text", "Legal gateway (planning) meeting outcome."),
            col("prep_prev_pre_proc_child", "int", "Previous pre-proceedings for the child."),
            col("prep_prev_care_proc_child", "int", "Previous care proceedings for the child."),
            col("prep_pre_pro_letter_date", "date", "Letter before proceedings sent."),
            col("prep_care_pro_letter_date", "date", "Letter of issue of care proceedings sent."),
            col("prep_pre_pro_meetings_num", "int", "Number of pre-proceedings meetings."),
            col("prep_pre_pro_parents_legal_rep", "flag", "Parents legally represented in pre-proceedings."),
            col("prep_parents_legal_rep_point_of_issue", "text", "Parents legally represented at the point of issue."),
            col("prep_court_reference", "text", "Court case reference."),
            col("prep_care_proc_court_hearings", "int", "Number of court hearings."),
            col("prep_care_proc_short_notice", "flag", "Proceedings issued at short notice."),
            col("prep_proc_short_notice_reason", "text", "Reason for short notice."),
            col("prep_la_inital_plan_approved", "flag", "Local authority's initial care plan approved (D2I's spelling)."),
            col("prep_la_initial_care_plan", "text", "Local authority's initial care plan."),
            col("prep_la_final_plan_approved", "flag", "Local authority's final care plan approved."),
            col("prep_la_final_care_plan", "text", "Local authority's final care plan."),
        ),
        primary_key="prep_table_id", person_column="prep_person_id",
    ),
    Table(
        "ssd_voice_of_child", "The child's own view of the work with them (answers Y or N).",
        (
            key("voch_table_id", "Row identifier."),
            person("voch_person_id"),
            col("voch_explained_worries", "flag", "The worries were explained to me."),
            col("voch_story_help_understand", "flag", "My story helped me understand."),
            col("voch_agree_worker", "flag", "I agree with my worker."),
            col("voch_plan_safe", "flag", "My plan keeps me safe."),
            col("voch_tablet_help_explain", "flag", "The tablet helped me explain."),
        ),
        primary_key="voch_table_id", person_column="voch_person_id",
    ),
    Table(
        "ssd_s251_finance", "Section 251 placement costs (D2I has defined the table but not yet its fields).",
        (
            key("s251_table_id", "Row identifier."),
            col("s251_cla_placement_id", "id", "The placement (ssd_cla_placement)."),
            col("s251_placeholder_1", "text", "Not yet defined by D2I."),
            col("s251_placeholder_2", "text", "Not yet defined by D2I."),
            col("s251_placeholder_3", "text", "Not yet defined by D2I."),
            col("s251_placeholder_4", "text", "Not yet defined by D2I."),
        ),
        primary_key="s251_table_id",
    ),
)

BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}


def table(name: str) -> Table:
    return BY_NAME[name]
