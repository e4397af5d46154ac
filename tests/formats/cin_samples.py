"""Hand-written CIN census XML for reader tests (every value invented)."""

from __future__ import annotations

HEADER = """<Header><CollectionDetails><Collection>CIN</Collection><Year>{year}</Year>
<ReferenceDate>{year}-03-31</ReferenceDate></CollectionDetails><Source><SourceLevel>L</SourceLevel>
<LEA>201</LEA><SoftwareCode>Case system</SoftwareCode><Release>1</Release><SerialNo>1</SerialNo>
<DateTime>{year}-04-20T10:00:00</DateTime></Source></Header>"""

CHILD_2025 = """<Child>
<ChildIdentifiers><LAchildID>C1</LAchildID><UPN>A201200115001</UPN><FormerUPN>B201200115002</FormerUPN>
<PersonBirthDate>2015-03-27</PersonBirthDate><Sex>F</Sex></ChildIdentifiers>
<ChildCharacteristics><Ethnicity>wbri</Ethnicity><Disabilities><Disability>HAND</Disability>
<Disability>HEAR</Disability></Disabilities></ChildCharacteristics>
<CINdetails><CINreferralDate>2024-05-06</CINreferralDate><ReferralSource>1A</ReferralSource>
<PrimaryNeedCode>N1</PrimaryNeedCode><CINclosureDate>2025-03-03</CINclosureDate>
<ReasonForClosure>RC7</ReasonForClosure><ReferralNFA>false</ReferralNFA>
<Assessments><AssessmentActualStartDate>2024-05-07</AssessmentActualStartDate>
<AssessmentInternalReviewDate>2024-05-20</AssessmentInternalReviewDate>
<AssessmentAuthorisationDate>2024-06-10</AssessmentAuthorisationDate>
<FactorsIdentifiedAtAssessment><AssessmentFactors>1C</AssessmentFactors><AssessmentFactors>6B</AssessmentFactors>
</FactorsIdentifiedAtAssessment></Assessments>
<CINPlanDates><CINPlanStartDate>2024-11-01</CINPlanStartDate><CINPlanEndDate>2025-02-28</CINPlanEndDate></CINPlanDates>
<Section47><S47ActualStartDate>2024-05-10</S47ActualStartDate><InitialCPCtarget>2024-05-31</InitialCPCtarget>
<DateOfInitialCPC>2024-05-30</DateOfInitialCPC><ICPCnotRequired>false</ICPCnotRequired></Section47>
<Section47><S47ActualStartDate>2024-09-02</S47ActualStartDate><ICPCnotRequired>true</ICPCnotRequired></Section47>
<ChildProtectionPlans><CPPstartDate>2024-05-30</CPPstartDate><CPPendDate>2024-10-31</CPPendDate>
<InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse><LatestCategoryOfAbuse>EMO</LatestCategoryOfAbuse>
<NumberOfPreviousCPP>0</NumberOfPreviousCPP><Reviews><CPPreviewDate>2024-08-21</CPPreviewDate></Reviews>
</ChildProtectionPlans>
</CINdetails>
</Child>"""

CHILD_2024_GENDER = """<Child>
<ChildIdentifiers><LAchildID>C2</LAchildID><UPNunknown>UN3</UPNunknown><PersonBirthDate>2010-01-02</PersonBirthDate>
<GenderCurrent>1</GenderCurrent></ChildIdentifiers>
<ChildCharacteristics><Ethnicity>BAFR</Ethnicity><Disabilities><Disability>NONE</Disability></Disabilities>
</ChildCharacteristics>
<CINdetails><CINreferralDate>2023-10-02</CINreferralDate><ReferralSource>6</ReferralSource>
<PrimaryNeedCode>N4</PrimaryNeedCode><DateOfInitialCPC>2023-11-01</DateOfInitialCPC><ReferralNFA>0</ReferralNFA>
<ChildProtectionPlans><CPPstartDate>2023-11-01</CPPstartDate><InitialCategoryOfAbuse>PHY</InitialCategoryOfAbuse>
<LatestCategoryOfAbuse>PHY</LatestCategoryOfAbuse><NumberOfPreviousCPP>1</NumberOfPreviousCPP></ChildProtectionPlans>
</CINdetails>
</Child>"""


def census(year: int, *children: str, prolog: str = '<?xml version="1.0" encoding="utf-8"?>\n') -> str:
    return prolog + "<Message>" + HEADER.format(year=year) + "<Children>" + "".join(children) + "</Children></Message>\n"


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE Message [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<Message><Header><CollectionDetails><Collection>&lol9;</Collection></CollectionDetails></Header></Message>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE Message [ <!ENTITY secret SYSTEM "file://{path}"> ]>
<Message><Header><CollectionDetails><Collection>&secret;</Collection></CollectionDetails></Header></Message>
"""

EXTERNAL_DTD = """<?xml version="1.0"?>
<!DOCTYPE Message SYSTEM "file://{path}">
<Message><Header/></Message>
"""
