"""How ``/v1`` writes traces, observations, scores and sessions: their views
(``core/tracing/views.py``) as REST JSON (``rest/shapes.py``). Latency is in seconds and
costs in USD, as the core holds them."""

from __future__ import annotations

from agenttrace.core.tracing import views
from agenttrace.rest.shapes import shape_of

trace_json = shape_of(views.TRACE)
observation_json = shape_of(views.OBSERVATION)
score_json = shape_of(views.SCORE)
session_json = shape_of(views.SESSION)
