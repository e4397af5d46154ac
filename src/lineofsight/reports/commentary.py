"""SPC commentary prompts for a scrutiny meeting: the question a chart should make members ask.

Making Data Count's advice is to ask about signals and leave noise alone: a special-cause signal
asks "what changed?", common-cause variation asks nothing of a single month, and the assurance icon
says whether the target can be met without changing the system. Small numbers are written as words
so that a prompt never puts a digit from 1 to 5 beside a figure.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from lineofsight.reports import formatting as fmt

WORDS = {2: "two", 3: "three", 4: "four", 5: "five"}


def _trailing_run(values: Sequence[float], same: Callable[[float, float], bool]) -> int:
    """How many of the last points satisfy `same(previous, current)` in a row, counting the first."""
    n = 1
    for i in range(len(values) - 1, 0, -1):
        if not same(values[i - 1], values[i]):
            break
        n += 1
    return n


def _signal(variation: str, polarity: str) -> str:
    if variation == "special_cause_improving":
        return "Special cause improving"
    if variation == "special_cause_concerning":
        return "Special cause concerning"
    return "Special cause (neither better nor worse)" if polarity == "neutral" else "Special cause"


def spc_prompts(spc: Mapping | None, months: Sequence[str], polarity: str, unit: str,
                rag: str | None = None) -> list[str]:
    """Prompts from an SPC result whose points (oldest first) end at the latest month in `months`."""
    if not spc or not spc.get("points"):
        return ["Too few published months for process limits: read changes from one month to the next with "
                "caution."]
    points = spc["points"]
    last = points[-1]
    values = [float(p["value"]) for p in points]
    mean = float(spc["mean"])
    month = fmt.month_label(months[-1]) if months else "the latest month"
    out = []
    if last.get("special"):
        signal = _signal(spc.get("variation", ""), polarity)
        if last.get("outside"):
            side = "above the upper" if last["value"] > spc["upper_limit"] else "below the lower"
            out.append(f"{signal}: {month} is {side} process limit – what happened?")
        elif last.get("shift"):
            above = last["value"] > mean
            n = _trailing_run(values, lambda _a, b: (b > mean) == above and b != mean)
            out.append(f"{signal}: {n} months in a row {'above' if above else 'below'} the mean – what changed?")
        elif last.get("trend"):
            rising = values[-1] > values[-2]
            n = _trailing_run(values, lambda a, b: (b > a) if rising else (b < a))
            out.append(f"{signal}: {n} months in a row {'rising' if rising else 'falling'} – what is driving it?")
        else:
            out.append(f"{signal}: two of the last three months are close to a process limit – is this the "
                       "start of a change?")
    else:
        out.append("Common cause variation: the ups and downs are within what this process produces; explaining "
                   "a single month is not a good use of the meeting.")
    assurance = spc.get("assurance")
    if assurance == "consistently_failing":
        out.append("The process limits do not reach the target: it will not be met without changing how the work "
                   "is done – what is the plan?")
    elif assurance == "hit_and_miss":
        out.append("Hit and miss: the target will be met in some months and missed in others – what would make it "
                   "reliable?")
    elif assurance == "consistently_passing":
        out.append("Consistently passing the target – is the target still the right one?")
    if rag == "red" and assurance != "consistently_failing":
        out.append("Below the minimum expectation for the latest period – what is being done?")
    return out
