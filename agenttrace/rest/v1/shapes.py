"""How ``/v1`` writes traces, observations, scores and sessions: their views
(``core/tracing/views.py``) as REST JSON (``rest/shapes.py``). Latency is in seconds and
costs in USD, as the core holds them."""

from __future__ import annotations

from agenttrace.core.tracing import views
from agenttrace.rest.shapes import Shape

trace_json = Shape(views.TRACE)
observation_json = Shape(views.OBSERVATION)
score_json = Shape(views.SCORE)
session_json = Shape(views.SESSION)
