"""Hand-made records for the referential-integrity rules, one per referencing column."""

from lineofsight.quality.rules.referential import TARGETS, references
from lineofsight.schema import table
from quality.builders import case


def _ref_case(target, sources):
    target_table, target_column = target.split(".")

    def build(db):
        db.add(target_table, **{target_column: "T1"})
        bad, good = set(), set()
        for name, column in sources:
            bad.add((name, db.add(name, **{column: "NOPE"})))
            good.add((name, db.add(name, **{column: "T1"})))
            if table(name).column(column).nullable:
                good.add((name, db.add(name, **{column: None})))
        return bad, good

    return build


for _target, _sources in references().items():
    case(TARGETS[_target][0])(_ref_case(_target, _sources))
