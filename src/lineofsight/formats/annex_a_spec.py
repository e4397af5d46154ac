"""Ofsted's Annex A lists 1 to 11 (ILACS inspection data, children's services): columns and codes.

Each list is declared once: its title, and its columns in template order, each with a short
field name used by the reader and writer, and the header variants councils use. Lists are
recognised by their columns, never by sheet names; a header matches after case, spacing and
punctuation are ignored. Source: Ofsted, "Annex A: data and information requested for
inspection" (ILACS); dates are dd/mm/yyyy; Yes/No answers are written "Yes" or "No".
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class AColumn:
    field: str
    header: str
    aliases: tuple[str, ...] = ()
    kind: str = "text"  # text, date, int, yesno


@dataclass(frozen=True)
class AList:
    number: int
    title: str
    columns: tuple[AColumn, ...]
    signature: tuple[str, ...]  # fields whose headers identify the list

    def sheet_name(self) -> str:
        return f"List {self.number}"


def c(field: str, header: str, *aliases: str, kind: str = "text") -> AColumn:
    return AColumn(field, header, aliases, kind)


CHILD = (
    c("child_id", "Child Unique ID", "Child ID", "Unique Child ID", "ChildUniqueID", "Child Identifier"),
    c("gender", "Gender", "Sex"),
    c("ethnicity", "Ethnicity", "Ethnic Origin"),
    c("dob", "Date of Birth", "DOB", "Birth Date", kind="date"),
    c("age", "Age of Child (Years)", "Age", "Age (Years)", kind="int"),
)
DISABILITY = c("disability", "Disability", "Has Disability", "Does the Child have a Disability", kind="yesno")
TEAM = c("team", "Allocated Team", "Team")
WORKER = c("worker", "Allocated Worker", "Worker", "Social Worker")

LISTS: tuple[AList, ...] = (
    AList(1, "Contacts", (*CHILD, c("contact_date", "Date of Contact", "Contact Date", kind="date"),
                          c("contact_source", "Contact Source", "Source of Contact")), ("contact_date",)),
    AList(2, "Early help", (*CHILD,
                            c("eh_start", "Assessment Start Date", "Early Help Assessment Start Date", kind="date"),
                            c("eh_end", "Assessment Completion Date", "Early Help Assessment Completion Date", kind="date"),
                            c("eh_org", "Organisation Completing Assessment", "Organisation")),
          ("eh_org",)),
    AList(3, "Referrals", (*CHILD, c("referral_date", "Date of Referral", "Referral Date", kind="date"),
                           c("referral_source", "Referral Source", "Source of Referral"),
                           c("referral_nfa", "Referral NFA", "Referral NFA?", "Referral No Further Action", kind="yesno"),
                           c("referrals_12m", "Number of Referrals in Last 12 Months",
                             "Number of referrals in the last 12 months", kind="int"),
                           TEAM, WORKER), ("referral_date",)),
    AList(4, "Assessments", (*CHILD, DISABILITY,
                             c("assessment_start", "Continuous Assessment Start Date", "Assessment Start Date",
                               kind="date"),
                             c("child_seen", "Child Seen During Continuous Assessment", "Child Seen", kind="yesno"),
                             c("assessment_auth", "Continuous Assessment Date of Authorisation",
                               "Assessment Authorisation Date", "Date of Authorisation", kind="date"),
                             c("needs_support", "Was the child assessed as requiring LA children's social care support?",
                               "Assessed as requiring support", kind="yesno"),
                             TEAM, WORKER), ("assessment_start", "assessment_auth")),
    AList(5, "Section 47 enquiries and ICPCs", (
        *CHILD,
        c("s47_start", "Strategy discussion initiating Section 47 Enquiry Start Date", "Section 47 Enquiry Start Date",
          "S47 Start Date", "Date of Strategy Discussion", kind="date"),
        c("icpc_unnecessary", "Was an Initial Child Protection Conference deemed unnecessary?",
          "ICPC not required", kind="yesno"),
        c("icpc_date", "Date of Initial Child Protection Conference", "ICPC Date", kind="date"),
        c("icpc_plan", "Did the Initial Child Protection Conference Result in a Child Protection Plan",
          "ICPC resulted in a CP plan", kind="yesno"),
        TEAM, WORKER), ("s47_start",)),
    AList(6, "Children in need", (*CHILD, DISABILITY, c("case_reason", "Case Reason", "Primary Need", "Category of Need", "Primary Need Code"),
                                  c("cin_start", "CIN Start Date", "Date Case Opened", kind="date"),
                                  c("cin_end", "CIN Closure Date", "Date Case Closed", kind="date"),
                                  c("close_reason", "Reason for Closure", "Closure Reason"),
                                  TEAM, WORKER), ("cin_start",)),
    AList(7, "Child protection", (
        *CHILD, DISABILITY,
        c("cpp_start", "Child Protection Plan Start Date", "CP Plan Start Date", kind="date"),
        c("initial_category", "Initial Category of Abuse", "Initial Category"),
        c("latest_category", "Latest Category of Abuse", "Latest Category"),
        c("last_visit", "Date of the Last Statutory Visit", "Date of Last Statutory Visit", "Last Visit Date", kind="date"),
        c("seen_alone", "Was the Child Seen Alone?", "Seen Alone", kind="yesno"),
        c("last_review", "Date of Latest Review Conference", "Latest Review Date", kind="date"),
        c("cpp_end", "Child Protection Plan End Date", "CP Plan End Date", kind="date"),
        c("previous_cpp", "Number of Previous Child Protection Plans", "Previous CP Plans", kind="int"),
        TEAM, WORKER), ("cpp_start",)),
    AList(8, "Children in care", (
        *CHILD, DISABILITY,
        c("uasc", "UASC", "Unaccompanied Asylum Seeking Child", kind="yesno"),
        c("cla_start", "Date Started to be Looked After", "Date Entered Care", "Date Became Looked After", kind="date"),
        c("category_of_need", "Child's Category of Need", "Category of Need", "CIN Code"),
        c("legal_status", "Subject to Legal Status", "Legal Status", "Child's Legal Status"),
        c("last_review", "Date of Latest Statutory Review", "Latest Review Date", kind="date"),
        c("last_visit", "Date of Last Statutory Visit", "Date of Last Visit", "Date of Last Social Work Visit", kind="date"),
        c("seen_alone", "Was the Child Seen Alone?", "Seen Alone", kind="yesno"),
        c("health_assessment", "Date of Last Health Assessment", kind="date"),
        c("dental_check", "Date of Last Dental Check", kind="date"),
        c("placements_12m", "Number of Placements in the Last 12 Months", "Placements in Last 12 Months", kind="int"),
        c("placement_type", "Placement Type", "Type of Placement"),
        c("placement_provider", "Placement Provider"),
        c("placement_postcode", "Placement Postcode"),
        c("placement_start", "Placement Start Date", kind="date"),
        c("cla_end", "Date Ceased to be Looked After", "Date of Leaving Care", kind="date"),
        c("reason_ceased", "Reason Ceased to be Looked After", "Reason Episode Ceased"),
        c("missing_count", "Number of Times Missing",
          "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months", kind="int"),
        c("away_count", "Number of Times Absent", "Number of Times Away",
          "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months", kind="int"),
        TEAM, WORKER), ("cla_start",)),
    AList(9, "Care leavers", (
        *CHILD, DISABILITY,
        c("eligibility", "Eligibility Category", "Care Leaver Eligibility"),
        c("latest_contact", "Latest Date of Contact", "Date of Latest Contact", kind="date"),
        c("in_touch", "In Touch Category", "In Touch", "LA in Touch"),
        c("activity", "Activity", "Main Activity", "Activity Status"),
        c("accommodation", "Accommodation", "Type of Accommodation"),
        c("suitable", "Suitability of Accommodation", "Accommodation Suitable"),
        c("pathway_review", "Date of Latest Pathway Plan Review", "Pathway Plan Review Date", "Latest Pathway Plan Review Date",
          kind="date"),
        TEAM, c("pa", "Allocated Personal Adviser", "Personal Adviser", "Personal Advisor", "Allocated Personal Advisor")),
          ("eligibility", "in_touch")),
    AList(10, "Adoption", (
        *CHILD, DISABILITY,
        c("entered_care", "Date Entered Care", "Date Started to be Looked After", kind="date"),
        c("adm_decision", "Date of Decision that Child Should be Placed for Adoption", "ADM Decision Date", kind="date"),
        c("placement_order", "Date of Placement Order", kind="date"),
        c("matched", "Date of Matching Child and Prospective Adopters", "Date Matched", kind="date"),
        c("placed", "Date Placed for Adoption", kind="date"),
        c("adoption_order", "Date of Adoption Order", kind="date"),
        c("reversed", "Date of Decision that Child Should No Longer be Placed for Adoption", kind="date"),
        c("reversed_reason", "Reason Why Child No Longer Placed for Adoption"),
        c("sibling_group", "Part of a Sibling Group", kind="yesno"),
        TEAM, WORKER), ("adm_decision",)),
    AList(11, "Adopters", (
        c("adopter_id", "Adopter ID", "Adopter Unique ID"),
        c("adopter_ethnicity", "Ethnicity"),
        c("enquiry_date", "Date of Initial Enquiry", kind="date"),
        c("stage1_start", "Date Stage 1 Started", kind="date"),
        c("stage1_end", "Date Stage 1 Ended", kind="date"),
        c("stage2_start", "Date Stage 2 Started", kind="date"),
        c("stage2_end", "Date Stage 2 Ended", kind="date"),
        c("approved", "Date Approved", kind="date"),
        c("matched", "Date Matched with Child", kind="date"),
        c("placed", "Date Child Placed", kind="date")), ("adopter_id",)),
)

BY_NUMBER = {a.number: a for a in LISTS}
GENDER_OUT = {"M": "Male", "F": "Female", "U": "Unknown"}


def norm(header: object) -> str:
    """A header with case, spacing and punctuation removed (the variants councils use compare equal)."""
    return re.sub(r"[^a-z0-9]", "", str(header or "").lower())


def header_index(a: AList) -> dict[str, str]:
    """Normalised header or alias -> field, for one list."""
    out: dict[str, str] = {}
    for col in a.columns:
        for h in (col.header, *col.aliases):
            out.setdefault(norm(h), col.field)
    return out


def identify_list(headers: list[object]) -> tuple[AList, dict[int, str]] | None:
    """The list whose signature columns all appear in `headers`, and position -> field for matched columns."""
    best: tuple[int, AList, dict[int, str]] | None = None
    for a in LISTS:
        index = header_index(a)
        fields = {i: index[norm(h)] for i, h in enumerate(headers) if norm(h) in index}
        if not set(a.signature) <= set(fields.values()):
            continue
        score = len(set(fields.values()))
        if best is None or score > best[0]:
            best = (score, a, fields)
    return (best[1], best[2]) if best else None
