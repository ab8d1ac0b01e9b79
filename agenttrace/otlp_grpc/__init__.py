"""The OTLP/gRPC face: the collector's Trace, Logs and Metrics services on their own port
(``AGENTTRACE_OTLP_GRPC_PORT``, ``agenttrace serve --otlp-grpc-port``)."""
