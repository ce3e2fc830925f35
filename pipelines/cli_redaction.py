"""`callscrub keygen` and `callscrub reidentify`: the reversible ('encrypt') operator's two ends."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from pipelines.cli_common import ConfigOpt, RootOpt, err, fail


def register(app: typer.Typer) -> None:
    app.command("keygen")(keygen)
    app.command("reidentify")(reidentify)


def keygen() -> None:
    """Print a new random AES-256 key (base64) for redaction.encryption_key."""
    from detectors.operators import new_key

    sys.stdout.write(new_key() + "\n")
    err.print("Store it as CALLSCRUB_REDACTION__ENCRYPTION_KEY or in a secret manager; "
              "whoever holds it can re-identify encrypted values.")


def reidentify(
    input: Annotated[Path | None, typer.Argument(help="Redacted transcript, chat or text (default: stdin).")] = None,
    output: Annotated[Path | None, typer.Option("--output", help="File to write (default: stdout).")] = None,
    root: RootOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Decrypt the <enc:...> tokens of the 'encrypt' operator: for authorised users holding the key.

    Every re-identification is written to the deployment's audit log first (who, which input,
    how many values), so it needs the deployment root (--root or root in the config).
    """
    from callscrub.config import load_settings
    from callscrub.errors import ConfigError
    from detectors.operators import ReidentifyError, decode_key, reidentify as decrypt
    from pipelines.cli_common import audited

    try:
        settings = load_settings(config, root=root)
        if not settings.root:
            raise ConfigError("re-identification is audited: give --root (or root in the config file)")
        if settings.redaction.encryption_key is None:
            raise ConfigError("no encryption key: set CALLSCRUB_REDACTION__ENCRYPTION_KEY or redaction.encryption_key")
        key = decode_key(settings.redaction.encryption_key.get_secret_value())
        data = input.read_bytes() if input else sys.stdin.buffer.read()
        text, count = decrypt(data.decode("utf-8"), key)
    except ConfigError as exc:
        fail(str(exc), 2)
    except ReidentifyError as exc:
        fail(str(exc), 1)
    except UnicodeDecodeError:
        fail("input is not valid UTF-8", 2)
    except OSError as exc:
        fail(f"cannot read input ({exc.strerror})", 2)
    source = input.resolve().as_uri() if input else "stdin"
    audited(settings, "reidentify", objects=[source], details={"values": count, "to_file": output is not None})
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    err.print(f"{count} value(s) re-identified")
