"""OpenTelemetry trace ingestion: an OTLP export decoded into plain spans (``decode``), each
span's attributes read through ``attributes``, and mapped to the row writes of the ingest
core (``mapping``) by rules grouped by what they decide: ``observation_type``, ``payload``
(input and output), ``generation`` (model, parameters, usage, cost, prompt), ``trace``
(trace-level attributes) and ``metadata``. The rules follow the Langfuse SDKs, the OTel
GenAI semantic conventions, OpenInference, OpenLLMetry and the Vercel AI SDK."""
