"""``/docs``: the REST contract (``/openapi.json``) as a readable page, rendered by
Swagger UI from the package's own copy (``web/vendor.py``), never from a CDN."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from agenttrace.web import vendor

ASSETS = ("swagger-ui-bundle.js", "swagger-ui.css")

_PAGE = """<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>AgentTrace API</title>
    <link rel="stylesheet" href="{css}">
    <style>body {{ margin: 0 }}</style>
  </head>
  <body>
    <div id="docs"></div>
    <script src="{js}"></script>
    <script>
      // "Authorize" takes a secret key (Bearer) or the public:secret pair (Basic);
      // "Try it out" then calls this server.
      window.ui = SwaggerUIBundle({{
        url: "/openapi.json",
        dom_id: "#docs",
        deepLinking: true,
        persistAuthorization: true,
        validatorUrl: null,
      }});
    </script>
  </body>
</html>
"""


async def docs_page(request: Request) -> Response:
    absent = vendor.missing(ASSETS)
    if absent:
        return vendor.not_built_page("AgentTrace API docs", absent)
    page = _PAGE.format(css=vendor.url("swagger-ui.css"), js=vendor.url("swagger-ui-bundle.js"))
    return HTMLResponse(page, headers={"Cache-Control": "no-cache"})
