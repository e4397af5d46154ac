"""A small improvement plan for the pack tests (made through the plan register's own services)."""

from __future__ import annotations

import datetime as dt

PLAN_NAME = "Testshire improvement plan"


def make_plan() -> None:
    from lineofsight.plan import services
    from lineofsight.plan.scale import Rating, Status

    plan = services.create_plan(PLAN_NAME)
    one = services.add_area(plan, "1", "Leaders' grip on performance", lead="Director of Children's Services",
                            key_activities="A core data set reported monthly", impact_sought="Leaders act on exceptions",
                            how_monitored="The scrutiny scorecard", activity_rating=Rating.GREEN,
                            impact_rating=Rating.AMBER, update_narrative="The scorecard is now live.")
    services.set_area_measures(one, ["contacts", "assessment_45wd"])
    services.add_action(one, "1.1", "Agree the core data set", owners=["Head of Performance"],
                        due=[dt.date(2025, 3, 31)], status=Status.COMPLETE, activity_rating=Rating.BLUE,
                        impact_rating=Rating.GREEN)
    services.add_area(plan, "2", "Timely assessments", lead="Head of Service", activity_rating=Rating.RED,
                      impact_rating=Rating.RED, update_narrative="Recruitment is under way.")
