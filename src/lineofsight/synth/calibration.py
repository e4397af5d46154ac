"""Published England figures the medium synthetic authority is calibrated to, and the scales.

The generator's behavioural parameters (probabilities, durations) live beside the code that uses
them; this module holds only the targets, with their sources, so tests and docs cite one place.
Sources:
- DfE, "Children in need", reporting year 2025 (year ending 31 March 2025), explore-education-statistics
  .service.gov.uk/find-statistics/characteristics-of-children-in-need: referrals per 10,000 children,
  re-referrals within 12 months, assessments completed within 45 working days, initial child protection
  conferences within 15 working days of the strategy discussion, CP plans ended after 2 years or more,
  CP plans starting that were a second or subsequent plan.
- DfE, "Children looked after in England including adoptions", reporting year 2025: children looked
  after at 31 March per 10,000 children aged under 18.
- DfE / Ofsted local authority interactive tool (LAIT), placement stability indicator: children aged
  under 16 looked after for 2.5 years or more who have been in the same placement for 2 years (68%).
- DfE, "Children looked after in England including adoptions", reporting year 2024: care leavers aged
  19 to 21 in suitable accommodation (88%).
- DfE CIN census (former national indicator NI 67): children on a plan for 3 months or more whose
  reviews were all on time, about 90% in England; Working Together to Safeguard Children 2023 paras
  239-240 set the timescales (first review within 3 months, then every 6 months).
- Care Leavers (England) Regulations 2010 reg. 7: pathway plans reviewed at least every 6 months;
  councils run at roughly 80-90% of care leavers aged 16 to 21 with a plan reviewed in the last 6
  months (local returns; no national statistic), so the band is ±5 points.
"""

from __future__ import annotations

from dataclasses import dataclass

# Population of children aged 0-17 in the final year, per scale (issue 2, section 3).
SCALES: dict[str, int] = {"small": 40_000, "medium": 90_000, "large": 300_000}

DEFAULT_DEFECT_RATE = 0.02


@dataclass(frozen=True)
class Target:
    """A published figure with the tolerance the medium authority must meet."""

    name: str
    value: float  # percentage, or rate per 10,000 children
    unit: str  # "%" or "per 10,000"
    source: str
    band: float | None = None  # a wider tolerance where the published figure is itself a range

    @property
    def tolerance(self) -> float:
        """±3 percentage points for a percentage; ±15% of the figure for a rate; or the figure's own band."""
        if self.band is not None:
            return self.band
        return 3.0 if self.unit == "%" else 0.15 * self.value


CIN = "DfE Children in need 2025"
CLA = "DfE Children looked after in England 2025"

TARGETS: dict[str, Target] = {
    "referrals_per_10k": Target("Referrals per 10,000 children", 515.0, "per 10,000", CIN),
    "rereferrals_12m": Target("Re-referrals within 12 months of a previous referral", 22.6, "%", CIN),
    "assessments_45wd": Target("Assessments completed within 45 working days", 85.7, "%", CIN),
    "icpc_15wd": Target("Initial conferences within 15 working days of the strategy discussion", 81.4, "%", CIN),
    "cp_ended_2y": Target("CP plans ended that lasted 2 years or more", 4.4, "%", CIN),
    "cp_repeat": Target("CP plans starting that were a second or subsequent plan", 23.0, "%", CIN),
    "cla_per_10k": Target("Children looked after at 31 March per 10,000 children", 67.0, "per 10,000", CLA),
    "stability_long_term": Target("Long-term placement stability (under 16, 2.5+ years looked after)", 68.0, "%", CLA),
    "cp_reviews_on_time": Target("Children on a CP plan 3 months or more with every review in the year on time", 90.0,
                                 "%", "DfE Children in need (NI 67); Working Together 2023 paras 239-240"),
    "care_leavers_suitable_19_21": Target("Care leavers aged 19 to 21 in suitable accommodation", 88.0, "%",
                                          "DfE Children looked after in England 2024"),
    "pathway_plan_current": Target("Care leavers aged 16 to 21 with a pathway plan reviewed in the last 6 months "
                                   "(average of the year's month ends)", 85.0, "%",
                                   "Care Leavers (England) Regulations 2010 reg. 7; councils 80-90%", band=5.0),
}
