"""Sign-in configuration: the `[auth]` section of Streamlit's secrets, which `st.login` reads (OpenID Connect,
Authlib underneath). Checked here so that `workbench serve` and the dashboard can say what is missing.

A desk puts it in `.streamlit/secrets.toml` (beside where it runs `workbench serve`) or in
`~/.streamlit/secrets.toml`, the places Streamlit looks; `workbench serve --secrets FILE` names another file.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .errors import InputError

__all__ = ["PROVIDER_KEYS", "auth_problem", "default_secrets_files", "provider_names", "read_auth_section"]

PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
"""What every identity provider needs, in `[auth]` itself or in a named `[auth.NAME]` table."""
CALLBACK_PATH = "/oauth2callback"


def default_secrets_files(cwd: Path | None = None, home: Path | None = None) -> list[Path]:
    """Where Streamlit looks for secrets, later files overriding earlier ones."""
    home = Path.home() if home is None else home
    cwd = Path.cwd() if cwd is None else cwd
    return [home / ".streamlit" / "secrets.toml", cwd / ".streamlit" / "secrets.toml"]


def read_auth_section(files: Sequence[Path]) -> dict[str, Any] | None:
    """The `[auth]` table of the existing `files` (the last file that has one wins), or None.

    InputError naming the file when one is not valid TOML.
    """
    found: dict[str, Any] | None = None
    for path in files:
        if not path.is_file():
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise InputError(f"{path}: not valid TOML: {exc}") from None
        if isinstance(data.get("auth"), dict):
            found = data["auth"]
    return found


def provider_names(auth: Mapping[str, Any]) -> list[str | None]:
    """The identity providers `[auth]` configures: None for one given in `[auth]` itself (`st.login()`), and
    the names of `[auth.NAME]` tables (`st.login("NAME")`)."""
    names: list[str | None] = []
    if any(key in auth for key in PROVIDER_KEYS):
        names.append(None)
    names += [key for key, value in auth.items()
              if isinstance(value, Mapping) and any(k in value for k in PROVIDER_KEYS)]
    return names


def auth_problem(auth: Mapping[str, Any] | None) -> str | None:
    """Why `auth` does not configure sign-in, in words a desk can act on; None when it does."""
    if not auth:
        return "there is no [auth] section in the secrets"
    missing = [key for key in ("redirect_uri", "cookie_secret") if not auth.get(key)]
    if missing:
        return f"[auth] lacks {' and '.join(missing)}"
    redirect = str(auth["redirect_uri"])
    if not redirect.startswith(("http://", "https://")) or not redirect.rstrip("/").endswith(CALLBACK_PATH):
        return f"[auth] redirect_uri must be the dashboard's address ending in {CALLBACK_PATH}, not {redirect!r}"
    providers = provider_names(auth)
    if not providers:
        return f"[auth] names no identity provider: give {', '.join(PROVIDER_KEYS)}"
    for name in providers:
        section = auth if name is None else auth[name]
        lacking = [key for key in PROVIDER_KEYS if not section.get(key)]
        if lacking:
            where = "[auth]" if name is None else f"[auth.{name}]"
            return f"{where} lacks {', '.join(lacking)}"
        if "_" in (name or ""):
            return f"[auth.{name}]: Streamlit does not accept an underscore in a provider's name"
    return None
