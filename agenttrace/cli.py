"""The ``agenttrace`` command: serve, worker, migrate, keys."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import signal
import tempfile
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any, NoReturn, TypeVar

import typer
import uvicorn
from pydantic import ValidationError

from agenttrace.core import retention
from agenttrace.core.errors import CoreError, NotFound
from agenttrace.core.tenancy import keys, projects
from agenttrace.core.tenancy.bootstrap import DEFAULT_PROJECT_NAME, NewKeys, bootstrap
from agenttrace.core.time import utcnow
from agenttrace.db import create_database, faults, migrate
from agenttrace.db.engine import Database
from agenttrace.models import ApiKey, Project
from agenttrace.settings import Settings
from agenttrace.web import logs

T = TypeVar("T")
logger = logging.getLogger("agenttrace")

app = typer.Typer(
    help="AgentTrace: observability for LLM apps and AI coding agents.", no_args_is_help=True
)
keys_app = typer.Typer(help="Manage API keys.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")
projects_app = typer.Typer(help="Manage projects: retention, deletion.", no_args_is_help=True)
app.add_typer(projects_app, name="projects")

DatabaseUrl = typer.Option(None, "--database-url", help="Overrides AGENTTRACE_DATABASE_URL.")


def _settings(**overrides: Any) -> Settings:
    """The settings, or one line naming each bad variable and exit code 2."""
    given = {name: value for name, value in overrides.items() if value is not None}
    try:
        return Settings(**given)
    except ValidationError as exc:
        problems = "; ".join(
            f"AGENTTRACE_{'_'.join(str(part) for part in error['loc']).upper() or 'SETTINGS'}: "
            f"{error['msg']}"
            for error in exc.errors()
        )
        _fail(f"invalid settings: {problems}")


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
    workers: int = typer.Option(
        1, min=1, max=64, help="Server processes sharing the port (PostgreSQL for more than 1)."
    ),
    otlp_grpc_port: int | None = typer.Option(
        None,
        help="Also receive OTLP over gRPC on this port (4317 is OTLP's); overrides "
        "AGENTTRACE_OTLP_GRPC_PORT (default: off).",
    ),
) -> None:
    """Run the server (migrating the database first unless AGENTTRACE_AUTO_MIGRATE=false)."""
    from agenttrace.app import announce_keys, serving_app
    from agenttrace.core.telemetry.processes import default_processes

    settings = _settings(host=host, port=port, database_url=database_url)
    if otlp_grpc_port is not None:
        settings = settings.model_copy(update={"otlp_grpc_port": otlp_grpc_port})
    logs.configure(settings.log_level, settings.log_format)
    if workers > 1 and settings.dialect == "sqlite":
        _fail("--workers needs PostgreSQL: SQLite has one writer (docs/operations.md)")
    if workers > 1 and settings.otlp_grpc_port is not None:
        _fail(
            "--workers with OTLP/gRPC: each process would bind the gRPC port; run the gRPC "
            "receiver as a process of its own (docs/operations.md)"
        )
    new_keys = _preflight(settings)
    if new_keys is not None:
        announce_keys(new_keys, settings)
    logger.info(
        "AgentTrace on http://%s:%s (%s, %d process%s)",
        settings.host,
        settings.port,
        settings.dialect,
        workers,
        "es" if workers > 1 else "",
    )
    if settings.otlp_grpc_port is not None:
        logger.info("OTLP/gRPC on %s:%s", settings.host, settings.otlp_grpc_port)
    common: dict[str, Any] = {
        "host": settings.host,
        "port": settings.port,
        "log_level": settings.log_level,
        "log_config": None,  # ours (web/logs.py), in every process
        "access_log": False,  # ours has the route template, not the raw path and query
        "timeout_graceful_shutdown": 10,
    }
    if workers > 1:
        _serve_workers(settings, workers, common)
        return
    if settings.otlp_processes is None:
        settings = settings.model_copy(update={"otlp_processes": default_processes()})
    uvicorn.run(serving_app(settings), **common)


def _serve_workers(settings: Settings, workers: int, options: dict[str, Any]) -> None:
    """Uvicorn's process manager; each worker builds the app from the environment
    (``app.worker_app``), so the settings given here travel as ``AGENTTRACE_*`` variables.
    Prometheus writes per-process files to a fresh directory that /metrics sums."""
    os.environ.update(
        {
            "AGENTTRACE_HOST": settings.host,
            "AGENTTRACE_PORT": str(settings.port),
            "AGENTTRACE_DATABASE_URL": settings.database_url,
            "AGENTTRACE_AUTO_MIGRATE": "false",  # done once, above
        }
    )
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not directory:
        directory = tempfile.mkdtemp(prefix="agenttrace-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = directory
    try:
        uvicorn.run("agenttrace.app:worker_app", factory=True, workers=workers, **options)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def _preflight(settings: Settings) -> NewKeys | None:
    """Migrate and provision once, before any worker starts: a bad setting or an
    unreachable database is one line and exit code 2, not a traceback per process."""

    async def main() -> NewKeys | None:
        if settings.auto_migrate:
            await migrate.upgrade(settings)
        database = create_database(settings)
        try:
            return await bootstrap(database, settings)
        finally:
            await database.dispose()

    try:
        return asyncio.run(main())
    except Exception as exc:  # any cause: the message is what the operator needs
        _fail(f"cannot start: {faults.describe(exc)}")


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=2)


@app.command()
def worker(
    concurrency: int | None = typer.Option(
        None, min=1, help="Jobs run at once (overrides AGENTTRACE_WORKER_CONCURRENCY)."
    ),
    database_url: str | None = DatabaseUrl,
) -> None:
    """Run background jobs (evaluations) against the database, alongside any number of
    servers and workers; stop with Ctrl-C (running jobs finish or are given back)."""
    from agenttrace.core.job_kinds import job_kinds
    from agenttrace.core.jobs.worker import Worker
    from agenttrace.core.pricing.costs import PriceBook

    settings = _settings(database_url=database_url, worker_concurrency=concurrency)
    logging.basicConfig(level=settings.log_level.upper(), format="%(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)

    async def work(database: Database) -> None:
        runner = Worker(database=database, settings=settings, prices=PriceBook(), kinds=job_kinds())
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signal_number in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signal_number, stop.set)
        runner.start()
        typer.echo(f"AgentTrace worker {runner.id} running ({settings.dialect})")
        await stop.wait()
        await runner.stop()
        typer.echo(f"AgentTrace worker {runner.id} stopped")

    _run(settings, work)


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


async def _project_named(database: Database, name: str) -> Project:
    async with database.read() as session:
        found = await projects.find_project(session=session, name_or_id=name)
    if found is None:
        raise NotFound("project", name)
    return found


@projects_app.command("retention")
def projects_retention(
    project: str = typer.Argument(..., help="Project name or id."),
    days: int | None = typer.Option(
        None,
        min=retention.MIN_DAYS,
        max=retention.MAX_DAYS,
        help="Keep traces this many days; omit (or --keep-all) to keep everything.",
    ),
    keep_all: bool = typer.Option(False, "--keep-all", help="Remove the policy."),
    sweep: bool = typer.Option(True, help="Sweep this project now (else at the next sweep)."),
    database_url: str | None = DatabaseUrl,
) -> None:
    """Set a project's retention policy (running servers apply it at their next sweep)."""
    if days is None and not keep_all:
        raise typer.BadParameter("give --days N or --keep-all")
    settings = _settings(database_url=database_url)
    policy = None if keep_all else days

    async def work(database: Database) -> int | None:
        found = await _project_named(database, project)
        async with database.write() as session:
            await projects.set_retention(
                session=session, project_id=found.id, retention_days=policy
            )
        if policy is None or not sweep:
            return None
        result = await retention.sweep_project(database, project_id=found.id, retention_days=policy)
        return result.deleted.get("trace", 0)

    deleted = _run(settings, work)
    typer.echo(f"{project}: retention {'off' if policy is None else f'{policy} days'}")
    if deleted is not None:
        typer.echo(f"swept: {deleted} traces deleted")


@projects_app.command("delete")
def projects_delete(
    project: str = typer.Argument(..., help="Project name or id."),
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
    database_url: str | None = DatabaseUrl,
) -> None:
    """Delete a project and everything it owns: keys, traces, observations, scores,
    sessions, prompts, datasets, agent records."""
    settings = _settings(database_url=database_url)
    if not yes:
        typer.confirm(f"Delete project {project!r} and all its data?", abort=True)

    async def work(database: Database) -> dict[str, int]:
        found = await _project_named(database, project)
        async with database.write() as session:
            return await projects.delete_project(session=session, project_id=found.id)

    deleted = _run(settings, work)
    rows = sum(deleted.values())
    typer.echo(f"deleted project {project} ({rows} rows)")


def main() -> None:
    app()
