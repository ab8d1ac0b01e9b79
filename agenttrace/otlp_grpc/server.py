"""The OTLP/gRPC receiver: ``opentelemetry.proto.collector.{trace,logs,metrics}.v1``'s
``Export`` methods, served by ``grpc.aio`` next to the HTTP app, in the same process and
with the same services (the ingest writer, the database, the key verifier).

Each method takes the request's bytes and decodes them with the decoders the HTTP
receivers use, so a malformed body is ``INVALID_ARGUMENT`` with the same message (a
generated deserializer would fail with an opaque ``INTERNAL``). Auth is the
``authorization`` metadata with the values the HTTP receivers take (``Basic pk:sk`` or
``Bearer sk``), and the ``traces:write`` scope. Core errors map to status codes:
unauthorized → ``UNAUTHENTICATED``, forbidden → ``PERMISSION_DENIED``, invalid →
``INVALID_ARGUMENT``, too large → ``RESOURCE_EXHAUSTED``, unavailable → ``UNAVAILABLE``
(exporters retry it). gzip is gRPC's own message compression. Each export counts against
the project's rate limit like an HTTP request (over it: ``RESOURCE_EXHAUSTED``); the
message size limit is ``max_body_bytes``.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import grpc
from google.protobuf.message import Message

from agenttrace.core import access
from agenttrace.core.errors import CoreError, Unauthorized
from agenttrace.core.ratelimit import RateLimiter, count_request
from agenttrace.core.telemetry.answers import answer
from agenttrace.core.telemetry.decode import decode_protobuf
from agenttrace.core.telemetry.logs_decode import decode_logs_protobuf
from agenttrace.core.telemetry.metrics_decode import decode_metrics_protobuf
from agenttrace.core.telemetry.receive import receive_logs, receive_metrics, receive_traces
from agenttrace.core.tenancy.keys import KeyVerifier, Principal
from agenttrace.core.tracing.ingest.writer import IngestWriter
from agenttrace.web.credentials import resolve

logger = logging.getLogger("agenttrace.otlp_grpc")

_STATUS = {
    "unauthorized": grpc.StatusCode.UNAUTHENTICATED,
    "forbidden": grpc.StatusCode.PERMISSION_DENIED,
    "invalid": grpc.StatusCode.INVALID_ARGUMENT,
    "too_large": grpc.StatusCode.RESOURCE_EXHAUSTED,
    "rate_limited": grpc.StatusCode.RESOURCE_EXHAUSTED,
    "unavailable": grpc.StatusCode.UNAVAILABLE,
}
Context = grpc.aio.ServicerContext[bytes, Any]
Handler = Callable[[bytes, Context], Awaitable[Any]]


@dataclass(frozen=True)
class Receiver:
    writer: IngestWriter
    verifier: KeyVerifier
    limiter: RateLimiter
    default_tier: str

    async def _principal(self, context: Context) -> Principal:
        header = next(
            (value for key, value in context.invocation_metadata() or ()
             if key.lower() == "authorization"),
            None,
        )  # fmt: skip
        if not isinstance(header, str) or not header.strip():
            raise Unauthorized("Missing authorization metadata: send Basic pk:sk or Bearer sk")
        principal = access.authorize(await resolve(self.verifier, header), "traces:write")
        decision = await count_request(self.limiter, principal, self.default_tier)
        refusal = decision.refusal() if decision is not None else None
        if refusal is not None:
            raise refusal
        return principal

    def _guarded(self, handle: Callable[[bytes, Principal], Awaitable[Any]]) -> Handler:
        async def method(body: bytes, context: Context) -> Any:
            try:
                return await handle(body, await self._principal(context))
            except CoreError as error:
                await context.abort(_STATUS.get(error.code, grpc.StatusCode.INTERNAL), str(error))

        return method

    async def traces(self, body: bytes, principal: Principal) -> Message:
        reasons = await receive_traces(
            writer=self.writer, project_id=principal.project_id,
            export=decode_protobuf(body), json_metadata=False,
        )  # fmt: skip
        return answer("traces", reasons)

    async def logs(self, body: bytes, principal: Principal) -> Message:
        reasons = await receive_logs(
            writer=self.writer, project_id=principal.project_id, export=decode_logs_protobuf(body)
        )
        return answer("logs", reasons)

    async def metrics(self, body: bytes, principal: Principal) -> Message:
        reasons = await receive_metrics(
            writer=self.writer, project_id=principal.project_id,
            export=decode_metrics_protobuf(body),
        )  # fmt: skip
        return answer("metrics", reasons)

    def handlers(self) -> list[grpc.GenericRpcHandler]:
        def service(name: str, handle: Callable[[bytes, Principal], Awaitable[Any]]) -> Any:
            method: grpc.RpcMethodHandler[bytes, Any] = grpc.unary_unary_rpc_method_handler(
                self._guarded(handle),
                request_deserializer=None,  # the bytes: our decoder reads them
                response_serializer=lambda answer: answer.SerializeToString(),
            )
            return grpc.method_handlers_generic_handler(
                f"opentelemetry.proto.collector.{name}", {"Export": method}
            )

        return [
            service("trace.v1.TraceService", self.traces),
            service("logs.v1.LogsService", self.logs),
            service("metrics.v1.MetricsService", self.metrics),
        ]


async def start(
    *,
    host: str,
    port: int,
    writer: IngestWriter,
    verifier: KeyVerifier,
    limiter: RateLimiter,
    default_tier: str,
    max_message_bytes: int,
) -> tuple[grpc.aio.Server, int]:
    """The running server and the port it bound (``port`` 0: a free one)."""
    server = grpc.aio.server(
        options=[
            ("grpc.max_receive_message_length", max_message_bytes),
            ("grpc.max_send_message_length", 4 * 1024 * 1024),
        ]
    )
    server.add_generic_rpc_handlers(Receiver(writer, verifier, limiter, default_tier).handlers())
    bound = server.add_insecure_port(f"{host}:{port}")
    if bound == 0:
        raise OSError(f"the OTLP/gRPC receiver could not bind {host}:{port}")
    await server.start()
    logger.info("OTLP/gRPC receiver on %s:%s", host, bound)
    return server, bound
