"""Two runs side by side (``POST /v1/replay/compare``): what one did that the other did
not, the files each touched, and the deltas in cost, latency, tokens and scores.

Events are matched by what they did, not by id: their type and title (the tool, the
command line, ``update src/app.py``), each occurrence once, so a command run twice in
one run and once in the other shows once as only in the first.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from agenttrace.core.agents.replay import replay


def _minus(second: float | None, first: float | None) -> float | None:
    return None if first is None or second is None else second - first


def _signatures(timeline: dict[str, Any]) -> Counter[tuple[str, str]]:
    return Counter((event["type"], event["title"]) for event in timeline["events"])


async def compare(
    *, session: AsyncSession, project_id: str, trace_id1: str, trace_id2: str
) -> dict[str, Any]:
    first = await replay(session=session, project_id=project_id, trace_id=trace_id1)
    second = await replay(session=session, project_id=project_id, trace_id=trace_id2)
    one, two = _signatures(first), _signatures(second)
    differences = [
        {"type": "removed", "event_type": kind, "description": title, "count": count}
        for (kind, title), count in sorted((one - two).items())
    ] + [
        {"type": "added", "event_type": kind, "description": title, "count": count}
        for (kind, title), count in sorted((two - one).items())
    ]
    s1, s2 = first["summary"], second["summary"]
    files1, files2 = set(s1["files_touched"]), set(s2["files_touched"])
    scores = {
        name: _minus(s2["scores"][name], s1["scores"][name])
        for name in sorted(s1["scores"].keys() & s2["scores"].keys())
    }
    return {
        "trace_id1": trace_id1,
        "trace_id2": trace_id2,
        "summary1": s1,
        "summary2": s2,
        "differences": differences,
        "files": {
            "only_in1": sorted(files1 - files2),
            "only_in2": sorted(files2 - files1),
            "in_both": sorted(files1 & files2),
        },
        "deltas": {
            "total_cost": _minus(s2["total_cost"], s1["total_cost"]),
            "duration_ms": _minus(s2["duration_ms"], s1["duration_ms"]),
            "latency": _minus(second["latency"], first["latency"]),
            "total_tokens": s2["total_tokens"] - s1["total_tokens"],
            "errors": s2["errors"] - s1["errors"],
            "commands_failed": s2["commands_failed"] - s1["commands_failed"],
            "scores": scores,
        },
    }
