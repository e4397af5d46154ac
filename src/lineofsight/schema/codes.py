"""Code lists from the DfE returns (CIN census, SSDA903) and the SSD, with their meanings.

Sources: DfE Children in need census 2025 to 2026 guide; SSDA903 2025 to 2026 guide; Data to Insight SSD.
Extension code lists (not in a DfE return) say so in their docstring comment.
"""

from __future__ import annotations

CODE_LISTS: dict[str, dict[str, str]] = {
    "ethnicity": {
        "WBRI": "White British", "WIRI": "White Irish", "WIRT": "Traveller of Irish heritage",
        "WOTH": "Any other White background", "WROM": "Gypsy/Roma",
        "MWBC": "White and Black Caribbean", "MWBA": "White and Black African", "MWAS": "White and Asian",
        "MOTH": "Any other mixed background", "AIND": "Indian", "APKN": "Pakistani", "ABAN": "Bangladeshi",
        "AOTH": "Any other Asian background", "BCRB": "Black Caribbean", "BAFR": "Black African",
        "BOTH": "Any other Black background", "CHNE": "Chinese", "OOTH": "Any other ethnic group",
        "REFU": "Refused", "NOBT": "Information not yet obtained",
    },
    "sex": {"M": "Male", "F": "Female", "U": "Unknown or not recorded"},
    "disability": {
        "NONE": "No disability", "MOB": "Mobility", "HAND": "Hand function", "PC": "Personal care",
        "INC": "Incontinence", "COMM": "Communication", "LD": "Learning", "HEAR": "Hearing", "VIS": "Vision",
        "BEH": "Behaviour", "CON": "Consciousness", "AUT": "Autism/Asperger syndrome", "DDA": "Other DDA",
    },
    "primary_need": {
        "N0": "Not stated", "N1": "Abuse or neglect", "N2": "Child's disability", "N3": "Parental illness or disability",
        "N4": "Family in acute stress", "N5": "Family dysfunction", "N6": "Socially unacceptable behaviour",
        "N7": "Low income", "N8": "Absent parenting", "N9": "Cases other than children in need",
    },
    "referral_source": {
        "1A": "Individual: family member/relative/carer", "1B": "Individual: acquaintance", "1C": "Individual: self",
        "1D": "Individual: other", "2A": "Schools", "2B": "Education services", "3A": "Health: GP",
        "3B": "Health: health visitor", "3C": "Health: school nurse", "3D": "Health: other primary health services",
        "3E": "Health: A&E", "3F": "Health: other", "4": "Housing", "5A": "LA services: social care",
        "5B": "LA services: other internal", "5C": "LA services: external", "5D": "LA services: early help",
        "6": "Police", "7": "Other legal agency", "8": "Other", "9": "Anonymous", "10": "Unknown",
    },
    "reason_for_closure": {
        "RC1": "Adopted", "RC2": "Died", "RC3": "Child arrangements order", "RC4": "Special guardianship order",
        "RC5": "Transferred to another local authority", "RC6": "Transferred to adult services",
        "RC7": "Services ceased for any other reason", "RC8": "Case closed after assessment, no further action",
        "RC9": "Case closed after assessment, referred to early help",
    },
    "category_of_abuse": {
        "NEG": "Neglect", "PHY": "Physical abuse", "SAB": "Sexual abuse", "EMO": "Emotional abuse",
        "MUL": "Multiple/not recommended for new plans",
    },
    "legal_status": {
        "C1": "Interim care order", "C2": "Full care order", "D1": "Freeing order granted",
        "E1": "Placement order granted", "J1": "Remanded to LA accommodation or to youth detention",
        "J2": "Placed in LA accommodation under PACE", "J3": "Sentenced to a youth rehabilitation order",
        "L1": "Police protection", "L2": "Emergency protection order", "L3": "Child assessment order",
        "V2": "Single period of accommodation under section 20", "V3": "Accommodated under a short breaks agreement",
        "V4": "Accommodated under a series of short breaks",
    },
    "reason_new_episode": {
        "S": "Started to be looked after", "L": "Change of legal status only", "P": "Change of placement only",
        "T": "Change of legal status and placement", "U": "Change of legal status and placement (same carer)",
        "B": "Change of legal status and placement (other)",
    },
    "placement_type": {
        "A3": "Placed for adoption with parental consent with current foster carer",
        "A4": "Placed for adoption with parental consent not with current foster carer",
        "A5": "Placed for adoption with placement order with current foster carer",
        "A6": "Placed for adoption with placement order not with current foster carer",
        "H5": "Semi-independent living accommodation", "K1": "Secure children's home",
        "K2": "Children's home", "P1": "Placed with own parent(s)", "P2": "Independent living",
        "P3": "Residential employment", "R1": "Residential care home", "R2": "NHS/health trust",
        "R3": "Family centre or mother and baby unit", "R5": "Young offender institution or prison",
        "S1": "All residential schools", "T0": "Temporary placement: all types", "T1": "Temporary: short term",
        "T2": "Temporary: holiday", "T3": "Temporary: hospital", "T4": "Temporary: other",
        "U1": "Foster: relative or friend, long term", "U2": "Foster: relative or friend, FFA/concurrent",
        "U3": "Foster: relative or friend, not long term or FFA", "U4": "Foster: other carer, long term",
        "U5": "Foster: other carer, FFA/concurrent", "U6": "Foster: other carer, not long term or FFA",
        "Z1": "Other placement",
    },
    "placement_provider": {
        "PR0": "Parent(s) or other person with parental responsibility", "PR1": "Own provision (by the LA)",
        "PR2": "Other LA provision", "PR3": "Other public provision", "PR4": "Private provision",
        "PR5": "Voluntary/third sector provision",
    },
    "placement_change_reason": {
        "ALLEG": "Allegation", "APPRR": "Approval removed", "CARPL": "Change to care plan",
        "CHILD": "Child's wishes", "CLOSE": "Provider closed", "CREQB": "Carer request: behaviour",
        "CREQO": "Carer request: other", "CUSTOD": "Custody", "LAREQ": "LA request", "PLACE": "Change of placement type",
        "STAND": "Standards of care concern", "OTHER": "Other",
    },
    "reason_episode_ceased": {
        "E11": "Adopted: unopposed", "E12": "Adopted: consent dispensed with", "E13": "Left care to live with parents/relatives",
        "E14": "Remand ended", "E15": "Age assessment found 18 or over", "E16": "Moved abroad",
        "E17": "Aged 18, staying put", "E2": "Died", "E3": "Care taken by another LA",
        "E41": "Residence/child arrangements order", "E45": "SGO: former foster carer, relative or friend",
        "E46": "SGO: former foster carer, other", "E47": "SGO: other carer, relative or friend",
        "E48": "SGO: other carer, other", "E4A": "Returned home as part of care planning",
        "E4B": "Returned home not as part of care planning", "E5": "Independent living with formal support",
        "E6": "Independent living without formal support", "E7": "Residential care funded by adult services",
        "E8": "Ceased for any other reason", "E9": "Sentenced to custody", "X1": "Episode ceases, new one begins",
    },
    "missing_type": {"M": "Missing", "A": "Away from placement without authorisation"},
    "care_leaver_in_touch": {
        "YES": "In touch", "NO": "Not in touch", "DIED": "Died", "REFU": "Refuses contact",
        "NREQ": "No longer requires services", "RHOM": "Returned home (over 6 months)",
    },
    "care_leaver_activity": {
        "F1": "Full-time higher education", "P1": "Part-time higher education",
        "F2": "Full-time education other than higher", "P2": "Part-time education other than higher",
        "F4": "Full-time training or employment", "P4": "Part-time training or employment",
        "F5": "Full-time employment", "P5": "Part-time employment",
        "G4": "NEET: illness or disability", "G5": "NEET: other reasons", "G6": "NEET: pregnancy or parenting",
        "0": "Not known / not in touch",
    },
    "care_leaver_accommodation": {
        "B": "With parents or relatives", "C": "Community home or other residential care",
        "D": "Semi-independent transitional accommodation", "E": "Supported lodgings", "G": "Gone abroad",
        "H": "Deported", "K": "Ordinary lodgings without formal support", "R": "Residence not known",
        "S": "No fixed abode / homeless", "T": "Foyers and similar", "U": "Independent living",
        "V": "Emergency accommodation", "W": "Bed and breakfast", "X": "In custody", "Y": "Other accommodation",
        "Z": "With former foster carers", "0": "Not known / not in touch",
    },
    "accommodation_suitable": {"1": "Suitable", "2": "Not suitable"},
    "sdq_reason": {
        "SDQ1": "No form returned as child was aged under 4 or over 17 at date of latest assessment",
        "SDQ2": "Carer(s) refused to complete and return questionnaire",
        "SDQ3": "Not possible to complete the questionnaire due to severity of the child's disability",
        "SDQ4": "Other", "SDQ5": "Child or young person refuses to allow an SDQ to be completed",
    },
    # Extension code lists: the SSD holds these as free text or JSON; the product needs them coded.
    "contact_outcome": {
        "REF": "Referral to children's social care", "EH": "Early help", "INFO": "Advice and information",
        "SIGN": "Signposted to other services", "NFA": "No further action",
    },
    "immigration_status": {
        "UASC": "Unaccompanied asylum-seeking child", "FUASC": "Former unaccompanied asylum-seeking child",
        "ASY": "Asylum seeker with family", "REF": "Refugee status", "OTH": "Other",
    },
    "involvement_role": {"SW": "Allocated social worker", "PA": "Personal adviser"},
    "supervision_type": {"SUP": "Case supervision", "MO": "Management oversight", "GRP": "Group supervision"},
    "audit_grade": {
        "outstanding": "Outstanding", "good": "Good", "requires improvement": "Requires improvement",
        "inadequate": "Inadequate",
    },
    "flag": {"Y": "Yes", "N": "No"},
}


def codes(name: str) -> frozenset[str]:
    """The valid codes of a list, for loader checks and quality rules."""
    return frozenset(CODE_LISTS[name])
