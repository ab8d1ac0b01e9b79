"""GraphiQL at ``/graphql`` in a browser, loading React and GraphiQL from the package
(``web/vendor.py``) rather than Strawberry's default page, which fetches them from a CDN
and is blank on a machine without internet.

Queries and subscriptions go to this same path; the key goes in GraphiQL's headers editor
(``{"Authorization": "Bearer sk-at-…"}``), which forwards it with every operation and in
the WebSocket's ``connection_init``.
"""

from __future__ import annotations

from starlette.responses import HTMLResponse, Response

from agenttrace.web import vendor

ASSETS = ("react.production.min.js", "react-dom.production.min.js", "graphiql.min.js",
          "graphiql.min.css")  # fmt: skip

_PAGE = """<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>AgentTrace GraphiQL</title>
    <link rel="stylesheet" href="{css}">
    <style>body {{ margin: 0; height: 100vh }} #graphiql {{ height: 100vh }}</style>
  </head>
  <body>
    <div id="graphiql">Loading…</div>
    <script src="{react}"></script>
    <script src="{react_dom}"></script>
    <script src="{graphiql}"></script>
    <script>
      const url = window.location.origin + window.location.pathname;
      const socket = new URL(url);
      socket.protocol = socket.protocol === "https:" ? "wss:" : "ws:";
      const fetcher = GraphiQL.createFetcher({{ url, subscriptionUrl: socket.toString() }});
      ReactDOM.createRoot(document.getElementById("graphiql")).render(
        React.createElement(GraphiQL, {{
          fetcher,
          defaultHeaders: '{{"Authorization": "Bearer sk-at-..."}}',
          isHeadersEditorEnabled: true,
          shouldPersistHeaders: true,
          defaultEditorToolsVisibility: true,
        }}),
      );
    </script>
  </body>
</html>
"""


def page() -> Response:
    absent = vendor.missing(ASSETS)
    if absent:
        return vendor.not_built_page("AgentTrace GraphiQL", absent)
    return HTMLResponse(
        _PAGE.format(
            css=vendor.url("graphiql.min.css"),
            react=vendor.url("react.production.min.js"),
            react_dom=vendor.url("react-dom.production.min.js"),
            graphiql=vendor.url("graphiql.min.js"),
        ),
        headers={"Cache-Control": "no-cache"},
    )
