"""Request bodies sent with ``Content-Encoding: gzip`` or ``deflate`` (OTLP exporters compress;
Starlette does not inflate request bodies), inflated within the body limit.

``AGENTTRACE_MAX_BODY_BYTES`` bounds the inflated size as it bounds the sent one, and the
inflation stops as soon as it is crossed, so a small compressed body cannot expand into
gigabytes (a zip bomb).
"""

from __future__ import annotations

import zlib

from agenttrace.core.errors import Invalid, TooLarge

_GZIP = 16 + zlib.MAX_WBITS
_ZLIB = zlib.MAX_WBITS
_RAW_DEFLATE = -zlib.MAX_WBITS


def inflate(body: bytes, content_encoding: str | None, *, limit: int) -> bytes:
    coding = (content_encoding or "").strip().lower()
    if coding in ("", "identity"):
        return body
    if coding in ("gzip", "x-gzip"):
        return _inflate(body, _GZIP, limit)
    if coding == "deflate":
        # RFC 9110's deflate is zlib-wrapped; some clients send the raw stream.
        try:
            return _inflate(body, _ZLIB, limit)
        except Invalid:
            return _inflate(body, _RAW_DEFLATE, limit)
    raise Invalid(
        f"Unsupported Content-Encoding {content_encoding!r}; send gzip, deflate or none",
        field="Content-Encoding",
    )


def _inflate(body: bytes, wbits: int, limit: int) -> bytes:
    """Every member of the stream (gzip allows several), at most ``limit`` bytes in all."""
    parts: list[bytes] = []
    size = 0
    rest = body
    while rest:
        inflater = zlib.decompressobj(wbits)
        try:
            # At most one byte past the limit: enough to know it was crossed.
            part = inflater.decompress(rest, limit - size + 1)
        except zlib.error as exc:
            raise Invalid(f"Failed to decompress the request body: {exc}", field="body") from None
        size += len(part)
        if size > limit:
            raise TooLarge(f"Request body exceeds the limit of {limit} bytes once decompressed")
        if not inflater.eof:
            raise Invalid("Failed to decompress the request body: it is truncated", field="body")
        parts.append(part)
        rest = inflater.unused_data if wbits == _GZIP else b""
    return b"".join(parts)
