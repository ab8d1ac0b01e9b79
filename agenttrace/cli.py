"""The ``agenttrace`` command: serve, migrate, keys."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any, TypeVar

import typer
import uvicorn

from agenttrace.core.errors import CoreError, NotFound
from agenttrace.core.tenancy import keys, projects
from agenttrace.core.tenancy.bootstrap import DEFAULT_PROJECT_NAME
from agenttrace.core.time import utcnow
from agenttrace.db import create_database, migrate
from agenttrace.db.engine import Database
from agenttrace.models import ApiKey
from agenttrace.settings import Settings

T = TypeVar("T")

app = typer.Typer(
    help="AgentTrace: observability for LLM apps and AI coding agents.", no_args_is_help=True
)
keys_app = typer.Typer(help="Manage API keys.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")

DatabaseUrl = typer.Option(None, "--database-url", help="Overrides AGENTTRACE_DATABASE_URL.")


def _settings(**overrides: Any) -> Settings:
    given = {name: value for name, value in overrides.items() if value is not None}
    try:
        return Settings(**given)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


def _run(settings: Settings, work: Callable[[Database], Awaitable[T]]) -> T:
    """Migrate (unless disabled), open the database, run ``work``, close it."""

    async def main() -> T:
        if settings.auto_migrate:
            await migrate.upgrade(settings)
        database = create_database(settings)
        try:
            return await work(database)
        finally:
            await database.dispose()

    try:
        return asyncio.run(main())
    except CoreError as exc:
        typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(code=1) from None


@app.command()
def serve(
    host: str | None = typer.Option(None, help="Overrides AGENTTRACE_HOST (default 127.0.0.1)."),
    port: int | None = typer.Option(None, help="Overrides AGENTTRACE_PORT (default 3000)."),
    database_url: str | None = DatabaseUrl,
    otlp_grpc_port: int | None = typer.Option(
        None,
        help="Also receive OTLP over gRPC on this port (4317 is OTLP's); overrides "
        "AGENTTRACE_OTLP_GRPC_PORT (default: off).",
    ),
) -> None:
    """Run the server (migrating the database first unless AGENTTRACE_AUTO_MIGRATE=false)."""
    from agenttrace.app import create_app

    settings = _settings(host=host, port=port, database_url=database_url)
    if otlp_grpc_port is not None:
        settings = settings.model_copy(update={"otlp_grpc_port": otlp_grpc_port})
    logging.basicConfig(level=settings.log_level.upper(), format="%(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    typer.echo(f"AgentTrace on http://{settings.host}:{settings.port} ({settings.dialect})")
    if settings.otlp_grpc_port is not None:
        typer.echo(f"OTLP/gRPC on {settings.host}:{settings.otlp_grpc_port}")
    application = create_app(settings)
    # What is imported and built by now lives until exit: out of the collector's generations,
    # the collections that request allocations trigger do not walk it (bench/README.md).
    gc.freeze()
    uvicorn.run(
        application,
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level,
        timeout_graceful_shutdown=10,
    )


@app.command("migrate")
def migrate_command(database_url: str | None = DatabaseUrl) -> None:
    """Upgrade the database schema to the newest revision."""
    settings = _settings(database_url=database_url)
    asyncio.run(migrate.upgrade(settings))
    typer.echo(f"database at the newest revision ({settings.dialect})")


@app.command(hidden=True)
def revision(message: str = typer.Option(..., "-m", "--message")) -> None:
    """Developers: write a migration from the difference between the models and head."""
    asyncio.run(migrate.autogenerate_revision(message))


@keys_app.command("create")
def keys_create(
    project: str = typer.Option(
        DEFAULT_PROJECT_NAME, help="Project name or id; created if absent."
    ),
    scope: list[str] = typer.Option(["*"], "--scope", help="Repeat for several, e.g. traces:read."),
    expires_in_days: int | None = typer.Option(None, min=1, help="Expire the key after N days."),
    note: str | None = typer.Option(None, help="What the key is for."),
    public_key: str | None = typer.Option(None, help="Use this public key (with --secret-key)."),
    secret_key: str | None = typer.Option(None, help="Use this secret key (with --public-key)."),
    database_url: str | None = DatabaseUrl,
) -> None:
    """Create an API key; its secret is printed once and never stored in clear."""
    settings = _settings(database_url=database_url)

    async def work(database: Database) -> keys.CreatedKey:
        async with database.write() as session:
            found = await projects.ensure_project(
                session=session, name=project, organization_name=settings.init_org_name
            )
            expires_at = (
                None if expires_in_days is None else utcnow() + timedelta(days=expires_in_days)
            )
            return await keys.create_api_key(
                session=session,
                project_id=found.id,
                scopes=scope,
                expires_at=expires_at,
                note=note,
                public_key=public_key,
                secret_key=secret_key,
            )

    created = _run(settings, work)
    typer.echo(f"public key: {created.key.public_key}")
    typer.echo(f"secret key: {created.secret_key}")
    typer.echo("Store the secret key now: it cannot be shown again.")


@keys_app.command("list")
def keys_list(
    project: str | None = typer.Option(None, help="Only this project's keys (name or id)."),
    database_url: str | None = DatabaseUrl,
) -> None:
    """List keys (secrets are never shown, only a preview)."""
    settings = _settings(database_url=database_url)

    async def work(database: Database) -> list[tuple[str, ApiKey]]:
        async with database.read() as session:
            project_id = None
            if project is not None:
                found = await projects.find_project(session=session, name_or_id=project)
                if found is None:
                    raise NotFound("project", project)
                project_id = found.id
            names = {p.id: p.name for p in await projects.list_projects(session=session)}
            listed = await keys.list_api_keys(session=session, project_id=project_id)
            return [(names.get(key.project_id, key.project_id), key) for key in listed]

    now = utcnow()
    for project_name, key in _run(settings, work):
        if key.revoked_at is not None:
            status = "revoked"
        elif key.expires_at is not None and key.expires_at <= now:
            status = "expired"
        else:
            status = "active"
        expires = key.expires_at.isoformat() if key.expires_at else "never"
        typer.echo(
            f"{key.public_key}  project={project_name}  secret={key.secret_preview}  "
            f"scopes={','.join(key.scopes)}  expires={expires}  {status}"
        )


@keys_app.command("revoke")
def keys_revoke(public_key: str, database_url: str | None = DatabaseUrl) -> None:
    """Revoke a key by its public key; running servers refuse it within seconds."""
    settings = _settings(database_url=database_url)

    async def work(database: Database) -> ApiKey:
        async with database.write() as session:
            return await keys.revoke_api_key(session=session, public_key=public_key)

    key = _run(settings, work)
    typer.echo(f"revoked {key.public_key}")


def main() -> None:
    app()
