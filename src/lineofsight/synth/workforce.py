"""Teams, social workers and allocations: who held each child's case, and when nobody did.

Each team has a number of posts sized to its caseload; each post is held by a run of workers
(permanent or agency) with vacancies between them. A child's case moves between teams as the
journey moves on (assessment -> locality -> children in care -> care leavers); within a team it is
allocated to the holder of a random post, reallocated when that worker leaves, and unallocated
while a post is vacant or a transfer waits. Every event's team and worker are read from these
allocations, so the columns agree with ssd_involvements.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lineofsight.synth.dates import NODATE

# (id, name, service-area id, service-area name, kind)
TEAMS: tuple[tuple[str, str, str, str, str], ...] = (
    ("T01", "Front Door (MASH)", "SA1", "Front Door and Assessment", "front"),
    ("T02", "Assessment North", "SA1", "Front Door and Assessment", "assess"),
    ("T03", "Assessment South", "SA1", "Front Door and Assessment", "assess"),
    ("T04", "Assessment Central", "SA1", "Front Door and Assessment", "assess"),
    ("T05", "Locality North A", "SA2", "Children in Need and Protection", "locality"),
    ("T06", "Locality North B", "SA2", "Children in Need and Protection", "locality"),
    ("T07", "Locality South A", "SA2", "Children in Need and Protection", "locality"),
    ("T08", "Locality South B", "SA2", "Children in Need and Protection", "locality"),
    ("T09", "Locality Central A", "SA2", "Children in Need and Protection", "locality"),
    ("T10", "Locality Central B", "SA2", "Children in Need and Protection", "locality"),
    ("T11", "Children in Care 1", "SA3", "Corporate Parenting", "cic"),
    ("T12", "Children in Care 2", "SA3", "Corporate Parenting", "cic"),
    ("T13", "Children in Care 3", "SA3", "Corporate Parenting", "cic"),
    ("T14", "Care Leavers", "SA3", "Corporate Parenting", "leavers"),
    ("T15", "Adoption and Permanence", "SA3", "Corporate Parenting", "adoption"),
    ("T16", "Disabled Children", "SA4", "Children with Disabilities", "disabled"),
    ("T17", "Quality Assurance", "SA5", "Quality and Practice", "qa"),
)
TEAM_IDS = tuple(t[0] for t in TEAMS)
KIND = np.array([t[4] for t in TEAMS])
FRONT, ADOPTION, LEAVERS, QA, DISABLED = (TEAM_IDS.index(t) for t in ("T01", "T15", "T14", "T17", "T16"))
ASSESS0, LOCALITY0, CIC0 = TEAM_IDS.index("T02"), TEAM_IDS.index("T05"), TEAM_IDS.index("T11")

# Cases per full-time worker by team kind (England average about 16 children per social worker).
CASELOAD = {"assess": 15.0, "locality": 16.0, "cic": 15.0, "leavers": 20.0, "disabled": 14.0}
AGENCY_SHARE = {"front": 0.15, "assess": 0.28, "locality": 0.20, "cic": 0.16, "leavers": 0.08, "adoption": 0.05,
                "disabled": 0.12, "qa": 0.0}
JOB_TITLES = {
    "front": ("Social Worker", "Senior Social Worker"), "assess": ("Social Worker", "Senior Social Worker"),
    "locality": ("Social Worker", "Senior Social Worker", "Advanced Practitioner"),
    "cic": ("Social Worker", "Senior Social Worker"), "leavers": ("Personal Adviser", "Senior Personal Adviser"),
    "adoption": ("Adoption Social Worker",), "disabled": ("Social Worker", "Senior Social Worker"),
    "qa": ("Quality Assurance Auditor",),
}
MANAGER_TITLE = "Team Manager"
BIG = np.int64(100_000_000)


@dataclass
class Workforce:
    """Worker rows (one per person who held a post) and each team's posts."""

    team: np.ndarray  # team index per worker
    start: np.ndarray
    end: np.ndarray  # NODATE: still in post
    agency: np.ndarray
    manager: np.ndarray  # bool: team manager
    post: np.ndarray  # post number (managers: -1 - team)
    n_posts: np.ndarray  # per team
    first_post: np.ndarray  # per team
    # incumbents sorted by (post, start) for lookups
    _keys: np.ndarray | None = None
    _mkeys: np.ndarray | None = None

    @property
    def n(self) -> int:
        return self.team.size

    def index(self) -> None:
        workers = np.flatnonzero(~self.manager)
        order = workers[np.lexsort((self.start[workers], self.post[workers]))]
        self._order = order
        self._keys = self.post[order].astype(np.int64) * BIG + self.start[order]
        mgr = np.flatnonzero(self.manager)
        morder = mgr[np.lexsort((self.start[mgr], self.team[mgr]))]
        self._morder = morder
        self._mkeys = self.team[morder].astype(np.int64) * BIG + self.start[morder]

    def incumbent(self, post: np.ndarray, d: np.ndarray) -> np.ndarray:
        """The worker holding `post` on day d, or the next to hold it if it is vacant that day."""
        pos = np.searchsorted(self._keys, post.astype(np.int64) * BIG + d, side="right") - 1
        pos = np.maximum(pos, 0)
        w = self._order[pos]
        vacant = (self.end[w] < d) | (self.post[w] != post)
        pos = np.minimum(np.where(vacant, pos + 1, pos), self._order.size - 1)
        w = self._order[pos]
        return np.where(self.post[w] == post, w, -1)  # -1: vacant from d to the end

    def manager_at(self, team: np.ndarray, d: np.ndarray) -> np.ndarray:
        pos = np.searchsorted(self._mkeys, team.astype(np.int64) * BIG + d, side="right") - 1
        return self._morder[np.maximum(pos, 0)]

    def random_worker(self, rng: np.random.Generator, team: int, d: np.ndarray) -> np.ndarray:
        """A worker of `team` in post on day d (-1 if three random posts are all vacant)."""
        out = np.full(d.size, -1, np.int64)
        todo = np.arange(d.size)
        for _ in range(3):
            post = self.first_post[team] + rng.integers(0, self.n_posts[team], todo.size)
            w = self.incumbent(post, d[todo])
            wi = np.maximum(w, 0)
            ok = (w >= 0) & (self.start[wi] <= d[todo]) & (self.end[wi] >= d[todo])
            out[todo[ok]] = w[ok]
            todo = todo[~ok]
            if not todo.size:
                break
        return out


def build(rng: np.random.Generator, posts: np.ndarray, first: int, end: int) -> Workforce:
    """Run each post's holders from before `first` to after `end`, with turnover and vacancies."""
    n_teams = len(TEAMS)
    first_post = np.concatenate([[0], np.cumsum(posts)[:-1]]).astype(np.int64)
    post_team = np.repeat(np.arange(n_teams), posts)
    agency_p = np.array([AGENCY_SHARE.get(k, 0.1) for k in KIND])
    cols: dict[str, list[np.ndarray]] = {"team": [], "start": [], "end": [], "agency": [], "post": []}

    post = np.arange(post_team.size)
    cur = first - rng.integers(0, 6 * 365, post.size)
    while post.size:
        team = post_team[post]
        agency = rng.random(post.size) < agency_p[team]
        tenure = np.where(agency, rng.exponential(260, post.size), rng.exponential(1150, post.size)).astype(np.int64) + 45
        stop = cur + tenure
        for k, v in (("team", team), ("start", cur), ("end", stop), ("agency", agency), ("post", post)):
            cols[k].append(v)
        gap = np.where(rng.random(post.size) < 0.35, 1, rng.integers(14, 120, post.size))
        cur = stop + gap
        keep = cur <= end
        post, cur = post[keep], cur[keep]

    # One manager per team, with no gap between managers.
    m_team = np.arange(n_teams)
    m_cur = first - rng.integers(0, 6 * 365, n_teams)
    mcols: dict[str, list[np.ndarray]] = {"team": [], "start": [], "end": []}
    while m_team.size:
        stop = m_cur + rng.exponential(1500, m_team.size).astype(np.int64) + 90
        for k, v in (("team", m_team), ("start", m_cur), ("end", stop)):
            mcols[k].append(v)
        m_cur = stop + 1
        keep = m_cur <= end
        m_team, m_cur = m_team[keep], m_cur[keep]

    team = np.concatenate(cols["team"] + mcols["team"])
    n_mgr = sum(a.size for a in mcols["team"])
    start = np.concatenate(cols["start"] + mcols["start"])
    stop = np.concatenate(cols["end"] + mcols["end"])
    wf = Workforce(
        team=team.astype(np.int16),
        start=start.astype(np.int64),
        end=np.where(stop > end, NODATE, stop).astype(np.int64),
        agency=np.concatenate(cols["agency"] + [np.zeros(n_mgr, bool)]),
        manager=np.concatenate([np.zeros(team.size - n_mgr, bool), np.ones(n_mgr, bool)]),
        post=np.concatenate(cols["post"] + [-1 - a for a in mcols["team"]]).astype(np.int64),
        n_posts=posts.astype(np.int64),
        first_post=first_post,
    )
    # Truth after the extract end is unknown: open-ended holders keep the post.
    wf.end = np.where(wf.end > end, NODATE, wf.end)
    wf.index()
    return wf


@dataclass
class Segments:
    """Periods when a child's case sits with one team (role 0 social worker, 1 personal adviser)."""

    pid: np.ndarray
    team: np.ndarray
    start: np.ndarray
    end: np.ndarray  # NODATE: still open
    role: np.ndarray
    ref: np.ndarray  # referral row, -1 for none

    def index(self) -> None:
        self._order = np.lexsort((self.start, self.pid))
        self._keys = self.pid[self._order].astype(np.int64) * BIG + self.start[self._order]

    def at(self, pid: np.ndarray, d: np.ndarray) -> np.ndarray:
        """The segment open for each (child, day), or -1."""
        pos = np.searchsorted(self._keys, pid.astype(np.int64) * BIG + d, side="right") - 1
        s = self._order[np.maximum(pos, 0)]
        ok = (pos >= 0) & (self.pid[s] == pid) & (self.end[s] >= d) & (self.start[s] <= d)
        return np.where(ok, s, -1)


def posts_needed(seg: Segments, window: tuple[int, int], contacts_a_year: float, adoptions_a_year: float,
                 children: int) -> np.ndarray:
    """Posts per team so that caseloads sit near CASELOAD (average open cases over the window)."""
    w0, w1 = window
    span = max(w1 - w0, 1)
    overlap = np.clip(np.minimum(seg.end, w1) - np.maximum(seg.start, w0), 0, None)
    load = np.bincount(seg.team, weights=overlap, minlength=len(TEAMS)) / span
    posts = np.zeros(len(TEAMS), np.int64)
    for i, kind in enumerate(KIND):
        if kind in CASELOAD:
            posts[i] = max(3, int(np.ceil(load[i] / CASELOAD[kind])))
    posts[FRONT] = max(4, int(np.ceil(contacts_a_year / 1100)))
    posts[ADOPTION] = max(3, int(np.ceil(adoptions_a_year / 6)))
    posts[QA] = max(2, int(round(children / 30_000)))
    return posts


def _to_march_end(d: np.ndarray) -> np.ndarray:
    """Days from each day to the next 31 March (0 on 31 March)."""
    day = np.asarray(d, dtype=np.int64).astype("datetime64[D]")
    march = (day.astype("datetime64[Y]").astype("datetime64[M]") + 3).astype("datetime64[D]") - 1
    gap = (march - day).astype(np.int64)
    return np.where(gap < 0, 366, gap)


def _into_april(d: np.ndarray) -> np.ndarray:
    """Days to add so that an allocation starting in 26-31 March starts on 1 April instead."""
    to_end = _to_march_end(d)
    return np.where(to_end <= 5, to_end + 1, 0)


def allocate(rng: np.random.Generator, seg: Segments, wf: Workforce, end: int) -> dict:
    """Involvement rows: the allocated worker for each stretch of each segment."""
    n = seg.pid.size
    kind = KIND[seg.team]
    u = rng.random(n)
    gap0 = np.where(
        kind == "assess", np.where(u < 0.7, 0, np.where(u < 0.95, rng.integers(1, 3, n), rng.integers(3, 11, n))),
        np.where(u < 0.45, 0, np.where(u < 0.85, rng.integers(1, 11, n), rng.integers(11, 31, n))),
    )
    # A child entering care has a social worker from that day (the SSDA903 wants one open at 31 March for
    # every child looked after then, rules SW12 and SW17): no wait, and a vacant post means another worker.
    care = (kind == "cic") | (kind == "disabled")  # disabled children in care stay with the disabled children's team
    gap0 = np.where(care, 0, gap0)
    cur = seg.start + gap0
    idx = np.arange(n)
    first = care.copy()  # a children-in-care segment still waiting for its first worker
    tries = np.zeros(n, np.int64)
    out: dict[str, list[np.ndarray]] = {"seg": [], "worker": [], "start": [], "end": [], "why": []}
    while idx.size:
        cur = cur + np.where(first[idx], 0, _into_april(cur))
        live = (cur < seg.end[idx]) & (cur <= end)
        idx, cur = idx[live], cur[live]
        if not idx.size:
            break
        team = seg.team[idx]
        post = wf.first_post[team] + (rng.random(idx.size) * wf.n_posts[team]).astype(np.int64)
        found = wf.incumbent(post, cur)
        found = np.where(first[idx] & (wf.start[np.maximum(found, 0)] > cur), -1, found)  # vacant today: retry
        w = np.maximum(found, 0)
        a_start = np.maximum(cur, wf.start[w])
        a_start = a_start + np.where(first[idx], 0, _into_april(a_start))  # a new starter waits for April too
        review = a_start + rng.exponential(730, idx.size).astype(np.int64) + 60
        a_end = np.minimum(np.minimum(seg.end[idx], wf.end[w]), review)
        ok = (found >= 0) & (a_start < a_end) & (a_start <= end)
        why = np.where(a_end >= seg.end[idx], 0, np.where(a_end >= wf.end[w], 1, 2))  # closed/left/review
        # Handovers are not made in the last six days of March: the SSDA903 return wants the next worker
        # of a change then (DfE rule SW11b), so the leaver hands over on 25 March and new cases wait to 1 April.
        early = a_end - _to_march_end(a_end) - 1
        a_end = np.where((why != 0) & (_to_march_end(a_end) <= 5) & (early > a_start), early, a_end)
        for k, v in (("seg", idx), ("worker", w), ("start", a_start), ("end", a_end), ("why", why)):
            out[k].append(v[ok])
        gap = np.where(why == 1, np.where(rng.random(idx.size) < 0.4, 0, rng.integers(1, 21, idx.size)), 0)
        retry = first[idx] & ~ok  # a care segment whose post was vacant: another post that day (the next after 8 tries)
        first[idx[ok]] = False
        tries[idx] += retry
        nxt = np.where(retry, cur + (tries[idx] % 8 == 0), np.maximum(a_end + gap, cur + 1))  # always moves on
        cont = ((found >= 0) & (why != 0) & (a_start <= end)) | retry
        idx, cur = idx[cont], nxt[cont]
    res = {k: np.concatenate(v) if v else np.zeros(0, np.int64) for k, v in out.items()}
    order = np.lexsort((res["start"], seg.pid[res["seg"]]))
    return {k: v[order] for k, v in res.items()}


class Allocations:
    """Lookup of the worker allocated to a child on a day."""

    def __init__(self, inv: dict, seg: Segments):
        self.inv = inv
        self.pid = seg.pid[inv["seg"]]
        self.team = seg.team[inv["seg"]]
        self._keys = self.pid.astype(np.int64) * BIG + inv["start"]  # inv is sorted by (pid, start)

    def at(self, pid: np.ndarray, d: np.ndarray) -> np.ndarray:
        pos = np.searchsorted(self._keys, pid.astype(np.int64) * BIG + d, side="right") - 1
        i = np.maximum(pos, 0)
        ok = (pos >= 0) & (self.pid[i] == pid) & (self.inv["end"][i] >= d) if self.pid.size else np.zeros(pid.size, bool)
        return np.where(ok, i, -1)


def team_and_worker(seg: Segments, alloc: Allocations, pid: np.ndarray, d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Team (index, -1 none) and worker (row, -1 none) responsible for each (child, day).

    The worker is the one allocated that day or, while the case waits for allocation, the first one
    later allocated within the same team's spell (the worker who took the case on).
    """
    s = seg.at(pid, d)
    team = np.where(s >= 0, seg.team[np.maximum(s, 0)], -1)
    a = alloc.at(pid, d)
    same = (a >= 0) & (alloc.team[np.maximum(a, 0)] == team)
    worker = np.where(same, alloc.inv["worker"][np.maximum(a, 0)], -1)
    if alloc.pid.size:
        nxt = np.searchsorted(alloc._keys, pid.astype(np.int64) * BIG + d, side="right")
        j = np.minimum(nxt, alloc.pid.size - 1)
        later = (worker < 0) & (s >= 0) & (nxt < alloc.pid.size) & (alloc.pid[j] == pid) & (alloc.inv["seg"][j] == s)
        worker = np.where(later, alloc.inv["worker"][j], worker)
    return team.astype(np.int64), worker.astype(np.int64)
