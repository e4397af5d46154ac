"""Hand-made records for the identity rules (duplicate people and contacts)."""

from quality.builders import case, d

PE, C = "ssd_person", "ssd_contacts"


@case("duplicate-person-name-dob")
def duplicate_name(db):
    jon = db.person("P1", "2015-06-01", pers_forename="Jon", pers_surname="Smith")
    john = db.person("P2", "2015-06-01", pers_forename="John ", pers_surname="SMITH")
    twin = db.person("P3", "2015-06-01", pers_forename="Zara", pers_surname="Smith")
    other_day = db.person("P4", "2016-06-01", pers_forename="Jon", pers_surname="Smith")
    other_name = db.person("P5", "2015-06-01", pers_forename="Jon", pers_surname="Okafor")
    unnamed = db.person("P6", "2015-06-01", pers_forename="", pers_surname="")
    unnamed2 = db.person("P7", "2015-06-01")
    # The generator's near spellings: a letter dropped from a long name, doubled on a short one.
    olive = db.person("P8", "2012-02-02", pers_forename="Olive", pers_surname="Nowak")
    oliver = db.person("P9", "2012-02-02", pers_forename="Oliver", pers_surname="Nowak")
    ava = db.person("P10", "2013-03-03", pers_forename="Ava", pers_surname="Patel")
    avaa = db.person("P11", "2013-03-03", pers_forename="Avaa", pers_surname="Patel")
    return ({(PE, jon), (PE, john), (PE, olive), (PE, oliver), (PE, ava), (PE, avaa)},
            {(PE, twin), (PE, other_day), (PE, other_name), (PE, unnamed), (PE, unnamed2)})


@case("duplicate-person-upn")
def duplicate_upn(db):
    a = db.person("P1", pers_upn="A123456789012")
    b = db.person("P2", pers_upn="a123456789012 ")
    c = db.person("P3", pers_upn="B123456789012")
    blank1 = db.person("P4", pers_upn="")
    blank2 = db.person("P5", pers_upn=" ")
    none = db.person("P6")
    return {(PE, a), (PE, b)}, {(PE, c), (PE, blank1), (PE, blank2), (PE, none)}


@case("duplicate-contact")
def duplicate_contact(db):
    day = d("2024-01-10")
    first = db.add(C, cont_contact_id="C1", cont_contact_date=day, cont_contact_source_code="6")
    second = db.add(C, cont_contact_id="C2", cont_contact_date=day, cont_contact_source_code="6")
    third = db.add(C, cont_contact_id="C3", cont_contact_date=day, cont_contact_source_code="6")
    other_source = db.add(C, cont_contact_id="C4", cont_contact_date=day, cont_contact_source_code="2A")
    other_day = db.add(C, cont_contact_id="C5", cont_contact_date=d("2024-01-11"), cont_contact_source_code="6")
    other_child = db.add(C, cont_contact_id="C6", cont_person_id="P2", cont_contact_date=day, cont_contact_source_code="6")
    return {(C, second), (C, third)}, {(C, first), (C, other_source), (C, other_day), (C, other_child)}
