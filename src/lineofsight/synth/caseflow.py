"""Which team holds each child's case, and when: the segments that allocations are made within.

A referral starts with the area's assessment team; a CP or CIN plan moves it to a locality team;
entering care moves it to a children-in-care team (disabled children with a disability need stay
with the disabled children's team); a young person leaving care at 16 or over gets a personal
adviser in the care leavers team until 21.
"""

from __future__ import annotations

import numpy as np

from lineofsight.synth.dates import NODATE
from lineofsight.synth.journeys import NEED
from lineofsight.synth.leavers import pa_segments
from lineofsight.synth.workforce import ASSESS0, CIC0, DISABLED, LOCALITY0, Segments
from lineofsight.synth.world import World


def segments(world: World) -> Segments:
    sp = world.spine
    ref = sp.ref
    people = world.people
    end = world.end
    n = ref["pid"].size
    pid = ref["pid"]
    dct = people.disabled[pid] & (ref["need"] == NEED.index("N2"))
    assess = ASSESS0 + people.area[pid].astype(np.int64)
    loc = np.where(dct, DISABLED, LOCALITY0 + people.area[pid].astype(np.int64) * 2 + pid % 2)
    cic = np.where(dct, DISABLED, CIC0 + pid % 3)

    cp_ref, cin_ref, cla_ref = sp.cpp["ref"], sp.cinp["ref"], sp.cla["ref"]
    r_ = np.concatenate([np.arange(n), cp_ref, cin_ref, cla_ref])
    d_ = np.concatenate([ref["date"], sp.cpp["start"], sp.cinp["start"], sp.cla["start"]]).astype(np.int64)
    prio = np.concatenate([np.zeros(n), np.ones(cp_ref.size + cin_ref.size), np.full(cla_ref.size, 2)])
    team = np.concatenate([assess, loc[cp_ref], loc[cin_ref], cic[cla_ref]])
    order = np.lexsort((prio, d_, r_))
    r_, d_, team = r_[order], d_[order], team[order]
    same = np.r_[False, (r_[1:] == r_[:-1]) & (team[1:] == team[:-1])]
    r_, d_, team = r_[~same], d_[~same], team[~same]
    last = np.r_[r_[1:] != r_[:-1], True]
    close = np.where(ref["close"] <= end, ref["close"], NODATE).astype(np.int64)
    stop = np.where(last, close[r_], np.r_[d_[1:], 0])
    keep = d_ <= end
    pa = pa_segments(world)
    seg = Segments(
        pid=np.concatenate([pid[r_][keep], pa["pid"]]).astype(np.int64),
        team=np.concatenate([team[keep], pa["team"]]).astype(np.int64),
        start=np.concatenate([d_[keep], pa["start"]]).astype(np.int64),
        end=np.concatenate([stop[keep], np.where(pa["end"] <= end, pa["end"], NODATE)]).astype(np.int64),
        role=np.concatenate([np.zeros(keep.sum(), np.int8), np.ones(pa["pid"].size, np.int8)]),
        ref=np.concatenate([r_[keep], np.full(pa["pid"].size, -1)]).astype(np.int64),
    )
    seg.index()
    return seg
