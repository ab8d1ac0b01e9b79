"""``agenttrace keys create|list|revoke`` and ``agenttrace migrate`` as a user runs them."""

from __future__ import annotations

import re
import subprocess
import sys

import httpx

from agenttrace.settings import Settings


def agenttrace(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "agenttrace", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def created_keys(output: str) -> tuple[str, str]:
    public = re.search(r"public key: (\S+)", output)
    secret = re.search(r"secret key: (\S+)", output)
    assert public is not None, output
    assert secret is not None, output
    return public.group(1), secret.group(1)


async def test_keys_create_list_revoke(client: httpx.AsyncClient, settings: Settings) -> None:
    url = settings.database_url
    created = agenttrace(
        "keys", "create", "--project", "cli-project", "--note", "ci", "--database-url", url
    )
    assert created.returncode == 0, created.stderr
    public_key, secret_key = created_keys(created.stdout)
    assert public_key.startswith("pk-at-")
    assert secret_key.startswith("sk-at-")
    assert len(public_key) == len(secret_key) == 6 + 64

    listed = agenttrace("keys", "list", "--project", "cli-project", "--database-url", url)
    assert listed.returncode == 0, listed.stderr
    assert f"{public_key}  project=cli-project" in listed.stdout
    assert "active" in listed.stdout
    assert secret_key not in listed.stdout

    revoked = agenttrace("keys", "revoke", public_key, "--database-url", url)
    assert revoked.returncode == 0, revoked.stderr
    assert "revoked" in agenttrace("keys", "list", "--database-url", url).stdout

    response = await client.get(
        "/v1/projects/current", headers={"Authorization": f"Bearer {secret_key}"}
    )
    assert response.status_code == 401


async def test_keys_create_with_scopes_and_expiry(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    created = agenttrace(
        "keys",
        "create",
        "--scope",
        "traces:read",
        "--scope",
        "scores:*",
        "--expires-in-days",
        "30",
        "--database-url",
        settings.database_url,
    )
    assert created.returncode == 0, created.stderr
    public_key, _ = created_keys(created.stdout)
    listed = agenttrace("keys", "list", "--database-url", settings.database_url).stdout
    line = next(line for line in listed.splitlines() if line.startswith(public_key))
    assert "scopes=scores:*,traces:read" in line
    assert "expires=never" not in line


def test_keys_create_rejects_an_unknown_scope(settings: Settings) -> None:
    created = agenttrace(
        "keys", "create", "--scope", "traces:fly", "--database-url", settings.database_url
    )
    assert created.returncode == 1
    assert "unknown scope 'traces:fly'" in created.stderr


def test_revoking_an_unknown_key_fails_clearly(settings: Settings) -> None:
    revoked = agenttrace("keys", "revoke", "pk-at-nope", "--database-url", settings.database_url)
    assert revoked.returncode == 1
    assert "API key 'pk-at-nope' not found" in revoked.stderr
