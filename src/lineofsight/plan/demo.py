"""A demonstration improvement plan, written for this project (synthetic: no real council's plan).

It follows the shape of a typical post-inspection plan: five areas for improvement, about 30 actions in a
realistic mix of statuses and ratings, due dates relative to "today" so the overdue and due-soon signals
always have something to show, two frozen board meetings six weeks apart to compare, and links from each
area to the measures that will show its impact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from lineofsight.plan import services
from lineofsight.plan.models import Plan
from lineofsight.plan.scale import Rating as R
from lineofsight.plan.scale import Status as S

DEMO_PLAN_NAME = "Children's services improvement plan (demo)"
BOARD = "Improvement board"


@dataclass(frozen=True)
class U:
    """A progress update `days_ago` days before today, with the status and ratings it set."""

    days_ago: int
    narrative: str
    status: str
    activity: str
    impact: str
    closed_reason: str = ""


@dataclass(frozen=True)
class A:
    ref: str
    text: str
    owners: tuple[str, ...]
    due: tuple[int, ...]  # days from today (negative = in the past)
    start: int  # days from today
    first: tuple[str, str, str]  # status, activity, impact when the plan was first agreed
    updates: tuple[U, ...] = ()
    subs: tuple[tuple[str, str, int | None, bool], ...] = ()  # letter, text, due (days), complete
    owner_accounts: tuple[str, ...] = ()  # demo usernames that may update this action


@dataclass(frozen=True)
class Ar:
    ref: str
    title: str
    lead: str
    findings: str
    impact_sought: str
    how_monitored: str
    measures: tuple[str, ...]
    key_activities: str
    ratings_before: tuple[str, str]
    ratings_now: tuple[str, str]
    update: str
    actions: tuple[A, ...] = field(default=())


HOS_FD = "Head of Service, Front Door and MASH"
HOS_CP = "Head of Service, Safeguarding and Child Protection"
HOS_CLA = "Head of Service, Children in Care"
HOS_LC = "Head of Service, Leaving Care"
HOS_QA = "Head of Quality Assurance and Practice"
PERF = "Head of Performance and Business Intelligence"
DCS = "Director of Children's Services"
AD = "Assistant Director, Children's Social Care"
PRINCIPAL_SW = "Principal Social Worker"
COMMISSIONING = "Head of Commissioning, Placements"
YJ = "Head of Youth Justice Service"
HOUSING = "Head of Housing Options"

AREAS: tuple[Ar, ...] = (
    Ar(
        "1", "Leaders' information and management oversight",
        DCS,
        "Leaders did not have accurate, timely information about the quality and timeliness of practice, "
        "and managers' oversight of children's plans was not consistently recorded or effective.",
        "Leaders and managers at every level know how well children are being helped, act on exceptions "
        "quickly, and can show the board the difference the improvement work is making.",
        "Monthly scorecard to the improvement board with thresholds and exception reporting; supervision "
        "and audit completion tracked by team; quarterly audit findings reported to scrutiny.",
        ("unallocated", "supervision_on_time", "audit_good_or_better"),
        "Agree a core data set with thresholds; monthly performance clinics; supervision standard; "
        "practice audit programme with moderation.",
        (R.AMBER, R.RED), (R.GREEN, R.AMBER),
        "The core data set is agreed and reported monthly. Supervision recording has improved in most "
        "teams; audit grades are not yet improving.",
        (
            A("1.1", "Agree a core data set for leaders, with a threshold for each measure showing where "
              "performance is expected to be, and report exceptions monthly.", (PERF, AD), (-20,), -160,
              (S.IN_PROGRESS, R.AMBER, R.RED),
              (U(40, "Data set agreed by the leadership team; thresholds set for 24 measures.", S.IN_PROGRESS, R.GREEN, R.AMBER),
               U(12, "First three monthly exception reports produced and discussed at performance clinic.",
                 S.COMPLETE_BAU, R.BLUE, R.AMBER))),
            A("1.2", "Hold a monthly performance clinic for each service area, chaired by the Assistant "
              "Director, to review exceptions and agree actions.", (AD,), (45,), -120,
              (S.IN_PROGRESS, R.AMBER, R.RED),
              (U(30, "Clinics running in three of four service areas; leaving care clinic starts next month.",
                 S.IN_PROGRESS, R.GREEN, R.AMBER),)),
            A("1.3", "Set and publish a supervision standard (frequency, recording of reflective discussion "
              "and of management direction) and report compliance by team.", (PRINCIPAL_SW,), (-60, 30), -200,
              (S.IN_PROGRESS, R.AMBER, R.AMBER),
              (U(75, "Standard agreed. Compliance reporting waiting on the case recording system change.",
                 S.IN_PROGRESS, R.AMBER, R.AMBER),),
              subs=(("a", "Agree the supervision standard with team managers", -60, True),
                    ("b", "Add a supervision record type to the case recording system", 30, False)),
              owner_accounts=("manager",)),
            A("1.4", "Redesign the practice audit programme: monthly themed audits, moderation of grades, "
              "and learning fed back to teams within a month.", (HOS_QA,), (-5,), -150,
              (S.IN_PROGRESS, R.GREEN, R.AMBER),
              (U(25, "Themed audits running. Moderation shows over-grading in a third of audits.",
                 S.IN_PROGRESS, R.AMBER, R.RED),)),
            A("1.5", "Train all team managers in the use of the performance scorecard and the children "
              "behind each figure.", (PERF,), (90,), 10, (S.NOT_STARTED, R.NA, R.NA)),
            A("1.6", "Replace the legacy management reports with the new reporting platform.", (PERF,), (-90,), -300,
              (S.IN_PROGRESS, R.RED, R.RED),
              (U(50, "Closed: to be captured as part of the wider digital transformation programme.", S.CLOSED,
                 R.NA, R.NA, closed_reason="to be captured as part of another programme"),)),
        ),
    ),
    Ar(
        "2", "Timeliness of responses to contacts and referrals",
        HOS_FD,
        "Some contacts waited too long to be recorded and screened, and some assessments and initial "
        "child protection conferences were not completed within timescales, leaving risk unassessed.",
        "Every contact is recorded and decided within one working day; assessments and initial "
        "conferences are completed within statutory timescales, with exceptions known and explained.",
        "Weekly front-door timeliness report; monthly assessment and conference timeliness by team against "
        "threshold; dip-sample of contacts resolved at the front door.",
        ("contact_recording_late", "assessment_45wd", "icpc_15wd"),
        "Daily screening huddle; additional front-door capacity; assessment tracker; conference booking "
        "protocol.",
        (R.RED, R.RED), (R.AMBER, R.AMBER),
        "Contact recording is now timely on most days; assessment timeliness is improving slowly; "
        "conference timeliness still below threshold.",
        (
            A("2.1", "Introduce a daily screening huddle in the front door so every contact has a decision "
              "within one working day.", (HOS_FD,), (-100,), -220, (S.IN_PROGRESS, R.AMBER, R.RED),
              (U(60, "Huddle embedded; decisions within one working day for most contacts.", S.COMPLETE, R.BLUE, R.GREEN),),
              owner_accounts=("manager",)),
            A("2.2", "Recruit two additional senior practitioners to the front door for twelve months.",
              (HOS_FD,), (-30,), -180, (S.IN_PROGRESS, R.GREEN, R.RED),
              (U(20, "One post filled; second post re-advertised.", S.IN_PROGRESS, R.AMBER, R.AMBER),),
              owner_accounts=("manager",)),
            A("2.3", "Track every open assessment weekly against day 45 and escalate those at risk of "
              "drift to the team manager at day 30.", (HOS_CP,), (14,), -90, (S.IN_PROGRESS, R.AMBER, R.RED),
              (U(10, "Tracker live for all assessment teams; escalation at day 30 in place.", S.IN_PROGRESS, R.GREEN, R.AMBER),)),
            A("2.4", "Agree a conference booking protocol so initial child protection conferences are held "
              "within 15 working days of the strategy discussion.", (HOS_CP,), (-45,), -160,
              (S.IN_PROGRESS, R.RED, R.RED),
              (U(70, "Protocol drafted; chairs' capacity remains the constraint.", S.IN_PROGRESS, R.AMBER, R.RED),)),
            A("2.5", "Review thresholds guidance with partners and deliver joint briefings.",
              ("Safeguarding Partnership Business Manager",), (60,), -30, (S.NOT_STARTED, R.AMBER, R.NA),
              subs=(("a", "Revise the thresholds document with police and health", 20, False),
                    ("b", "Deliver four joint briefings to partner agencies", 60, False))),
            A("2.6", "Publish a clear offer of early help so that contacts not needing social care are "
              "passed on the same day.", ("Head of Early Help",), (-150,), -300, (S.COMPLETE, R.BLUE, R.GREEN)),
        ),
    ),
    Ar(
        "3", "Quality of care plans and pathway plans",
        HOS_QA,
        "Too many children's plans were not specific about what needed to change, by when and by whom; "
        "pathway plans for care leavers were often out of date.",
        "Children's plans are specific, measurable and reviewed on time; every care leaver has a current "
        "pathway plan written with them.",
        "Monthly audit of plan quality; pathway plan currency by personal adviser; review timeliness.",
        ("cla_visit_on_time", "care_leavers_pathway_plan_current", "audit_good_or_better"),
        "Practice standard for plans; new plan templates; training for social workers and personal "
        "advisers; monthly plan-quality audits.",
        (R.AMBER, R.RED), (R.AMBER, R.AMBER),
        "New templates in use. Pathway plans are more current, but audits show plans still lack measurable "
        "outcomes.",
        (
            A("3.1", "Publish a practice standard for children's plans: what good looks like, with examples.",
              (PRINCIPAL_SW,), (-120,), -260, (S.COMPLETE, R.BLUE, R.AMBER)),
            A("3.2", "Replace the care plan and pathway plan templates with ones written with young people.",
              (HOS_QA,), (-15,), -200, (S.IN_PROGRESS, R.AMBER, R.RED),
              (U(35, "Templates co-produced with the children in care council; system change scheduled.",
                 S.IN_PROGRESS, R.GREEN, R.AMBER),)),
            A("3.3", "Train every social worker and personal adviser in writing SMART plans.",
              (PRINCIPAL_SW,), (25,), -100, (S.IN_PROGRESS, R.AMBER, R.NA),
              (U(15, "Four of six cohorts trained.", S.IN_PROGRESS, R.GREEN, R.AMBER),),
              subs=(("a", "Social workers in assessment and child protection teams", -40, True),
                    ("b", "Children in care teams", -10, True),
                    ("c", "Personal advisers", 25, False))),
            A("3.4", "Bring every care leaver's pathway plan up to date and review it at least every six months.",
              (HOS_LC,), (-35,), -180, (S.IN_PROGRESS, R.RED, R.RED),
              (U(80, "Backlog of out-of-date plans reduced from 96 to 41.", S.IN_PROGRESS, R.AMBER, R.AMBER),)),
            A("3.5", "Independent reviewing officers to escalate plans that are not specific, using the "
              "dispute resolution process, and report themes quarterly.", ("Head of Independent Reviewing Service",),
              (120,), -20, (S.NOT_STARTED, R.NA, R.NA)),
            A("3.6", "Audit twenty plans a month for quality and feed back to each worker within ten days.",
              (HOS_QA,), (200,), -60, (S.IN_PROGRESS, R.GREEN, R.AMBER),
              (U(5, "Audits on track; feedback within ten days in most cases.", S.IN_PROGRESS, R.GREEN, R.AMBER),)),
        ),
    ),
    Ar(
        "4", "Safeguarding the most vulnerable children in care and care leavers, including those in "
        "unregistered homes",
        HOS_CLA,
        "Children living in unregistered homes were not always visited often enough, and the risks to "
        "some older children in care and care leavers were not understood or acted on quickly.",
        "Every child in an unregistered home is visited at least every seven days and has a plan to move to "
        "a registered home; risks to the most vulnerable are reviewed by senior managers every month.",
        "Weekly list of children in unregistered homes with date last seen; statutory visits on time; "
        "monthly senior manager review of high-risk cases.",
        ("cla_unregistered_visited_7d", "cla_visit_on_time", "cp_visit_10wd"),
        "Weekly oversight of unregistered placements; seven-day visiting standard; Director sign-off; "
        "sufficiency strategy.",
        (R.RED, R.RED), (R.AMBER, R.AMBER),
        "Every child in an unregistered home now has a named senior manager; visiting within seven days is "
        "not yet consistent at weekends.",
        (
            A("4.1", "Keep a weekly list of every child in an unregistered home, reviewed by the Director, "
              "with the date each child was last seen.", (DCS,), (-140,), -250, (S.IN_PROGRESS, R.AMBER, R.RED),
              (U(90, "Weekly list reviewed by the Director every week since it started.", S.COMPLETE_BAU, R.BLUE, R.AMBER),)),
            A("4.2", "Visit every child in an unregistered home at least every seven days, including at weekends.",
              (HOS_CLA,), (-10,), -120, (S.IN_PROGRESS, R.RED, R.RED),
              (U(18, "Weekday visits on time; weekend rota being agreed with the emergency duty team.",
                 S.IN_PROGRESS, R.AMBER, R.AMBER),),
              owner_accounts=("manager",)),
            A("4.3", "Agree a plan and target date for every child in an unregistered home to move to a "
              "registered one.", (HOS_CLA, COMMISSIONING), (20,), -80, (S.IN_PROGRESS, R.AMBER, R.RED),
              (U(8, "Plans in place for all eleven children; three moves made.", S.IN_PROGRESS, R.GREEN, R.AMBER),)),
            A("4.4", "Hold a monthly multi-agency review of children at risk of exploitation or going missing.",
              ("Head of Adolescent Services",), (-70,), -200, (S.IN_PROGRESS, R.AMBER, R.AMBER),
              (U(65, "Monthly panel running; police attendance consistent.", S.IN_PROGRESS, R.GREEN, R.GREEN),)),
            A("4.5", "Refresh the sufficiency strategy to increase local registered homes for older children.",
              (COMMISSIONING,), (150,), -40, (S.IN_PROGRESS, R.AMBER, R.NA),
              (U(30, "Needs analysis complete; market engagement under way.", S.IN_PROGRESS, R.GREEN, R.NA),)),
            A("4.6", "Offer every child in care an independent visitor or advocate, and record their views.",
              ("Children's Rights Manager",), (-25,), -150, (S.NOT_STARTED, R.RED, R.NA)),
        ),
    ),
    Ar(
        "5", "Support for care leavers reluctant to accept help, including those in custody or homeless",
        HOS_LC,
        "Some care leavers who were reluctant to engage, in custody or homeless did not receive persistent, "
        "creative support, and the council did not always know where they were living.",
        "The council stays in touch with every care leaver; none is homeless without a plan; care leavers in "
        "custody are visited and have accommodation arranged before release.",
        "Monthly in-touch and suitable accommodation figures; list of care leavers in custody with visit "
        "dates and release plans; homelessness presentations.",
        ("care_leavers_in_touch", "care_leavers_suitable_accom_19_21", "care_leavers_in_custody"),
        "Persistent outreach protocol; custody pathway with youth justice and probation; joint housing "
        "protocol; Staying Close offer.",
        (R.AMBER, R.RED), (R.GREEN, R.AMBER),
        "In-touch rates have risen; the custody pathway is agreed; homelessness protocol awaiting sign-off.",
        (
            A("5.1", "Agree a persistent outreach protocol for care leavers who do not engage: contact at least "
              "monthly, by any route, with escalation after two missed contacts.", (HOS_LC,), (-50,), -170,
              (S.IN_PROGRESS, R.AMBER, R.RED),
              (U(45, "Protocol in use by all personal advisers.", S.COMPLETE, R.BLUE, R.GREEN),)),
            A("5.2", "Agree a custody pathway with youth justice and probation so every care leaver in custody "
              "is visited and has accommodation arranged before release.", (YJ, HOS_LC), (-20, 40), -140,
              (S.IN_PROGRESS, R.AMBER, R.RED),
              (U(22, "Pathway agreed; first release plans made under it.", S.IN_PROGRESS, R.GREEN, R.AMBER),),
              subs=(("a", "Agree the pathway with the youth justice service and probation", -20, True),
                    ("b", "Visit every care leaver in custody at least every eight weeks", 40, False))),
            A("5.3", "Sign a joint housing protocol so no care leaver is found intentionally homeless and each "
              "has a suitable home before turning 18.", (HOUSING, HOS_LC), (-8,), -160,
              (S.IN_PROGRESS, R.RED, R.RED),
              (U(72, "Draft protocol with legal services.", S.IN_PROGRESS, R.AMBER, R.RED),)),
            A("5.4", "Extend the Staying Close offer to care leavers leaving residential homes.",
              (HOS_LC,), (240,), 30, (S.NOT_STARTED, R.NA, R.NA)),
            A("5.5", "Give every care leaver a health passport and information about their health history.",
              ("Designated Nurse for Children in Care",), (-200,), -330, (S.COMPLETE, R.BLUE, R.GREEN)),
            A("5.6", "Run a care leavers' forum every quarter and report what changed as a result.",
              ("Participation Lead",), (10,), -90, (S.IN_PROGRESS, R.GREEN, R.AMBER),
              (U(55, "Second forum held; bus pass and council tax exemption changes agreed.", S.IN_PROGRESS, R.GREEN, R.GREEN),)),
        ),
    ),
)


def _days(today: date, offset: int) -> date:
    return today + timedelta(days=offset)


def _apply_updates(made: list[tuple[A, Any]], today: date, user: Any, which: Any) -> None:
    for a, action in made:
        for u in sorted((u for u in a.updates if which(u)), key=lambda u: -u.days_ago):
            services.add_update(
                action, as_at=_days(today, -u.days_ago), narrative=u.narrative, status=u.status,
                activity_rating=u.activity, impact_rating=u.impact, closed_reason=u.closed_reason,
                author=user, author_name="" if user else a.owners[0], today=today,
            )


@transaction.atomic
def load_demo_plan(today: date | None = None, name: str = DEMO_PLAN_NAME, user: Any = None) -> Plan:
    """Create the demo plan (replacing nothing: refuses if it exists) with two frozen board meetings."""
    today = today or timezone.localdate()
    if Plan.objects.filter(name=name).exists():
        raise services.PlanError(f"a plan called {name!r} already exists")
    accounts = {u.username: u for u in get_user_model().objects.filter(
        username__in={n for ar in AREAS for a in ar.actions for n in a.owner_accounts})}
    plan = services.create_plan(name, description="A demonstration plan with synthetic content.", user=user)
    made = []
    for ar in AREAS:
        area = services.add_area(
            plan, ar.ref, ar.title, user=user, lead=ar.lead, findings=ar.findings, key_activities=ar.key_activities,
            impact_sought=ar.impact_sought, how_monitored=ar.how_monitored,
            activity_rating=ar.ratings_before[0], impact_rating=ar.ratings_before[1],
        )
        services.set_area_measures(area, ar.measures, user=user)
        for a in ar.actions:
            status, activity, impact = a.first
            action = services.add_action(
                area, a.ref, a.text, owners=a.owners, due=[_days(today, d) for d in a.due],
                status=status, activity_rating=activity, impact_rating=impact,
                start_date=_days(today, a.start),
                closed_reason="" if status != S.CLOSED else "agreed by the board",
                owner_users=[accounts[n] for n in a.owner_accounts if n in accounts],
                sub_items=[services.SubItemSpec(letter, text, _days(today, due) if due is not None else None,
                                                done and not a.updates)
                           for letter, text, due, done in a.subs],
                user=user,
            )
            made.append((a, action))
    six_weeks_ago = _days(today, -42)
    _apply_updates(made, today, user, lambda u: u.days_ago > 42)
    services.freeze_meeting(plan, BOARD, six_weeks_ago, user=user, today=six_weeks_ago)
    _apply_updates(made, today, user, lambda u: u.days_ago <= 42)
    for a, action in made:
        for sub in action.sub_items.all():
            done = next(d for letter, _, _, d in a.subs if letter == sub.letter)
            if done and not sub.complete:
                services.set_sub_item_complete(sub, True, user=user)
    for ar in AREAS:
        area = plan.areas.get(ref=ar.ref)
        services.update_area(area, user=user, reason="board update", activity_rating=ar.ratings_now[0],
                             impact_rating=ar.ratings_now[1], update_narrative=ar.update)
    services.freeze_meeting(plan, BOARD, today, user=user, today=today)
    return plan
