"""kj encrypt, kj decrypt and kj passphrase: a journal locked with a passphrase."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from kindjournal.commands.common import is_interactive, journal_path, open_db, say
from kindjournal.errors import KindJournalError, UsageError

YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Go ahead without asking.")]
RememberOpt = Annotated[
    bool | None,
    typer.Option("--remember/--no-remember",
                 help="Keep the journal's key in this computer's keyring, so kj does not ask "
                      "for the passphrase each time (asked when not given).",
                 show_default=False),
]
NEW_PASSPHRASE_ENV = "KJ_NEW_PASSPHRASE"

NO_WAY_BACK = (
    "Encrypting locks your journal with a passphrase. Keep the passphrase somewhere safe: "
    "if it is lost, there is no way back. No one, not kj and not its makers, can open the "
    "journal or its encrypted backups without it."
)


KEY_KEPT = "The key is kept in this computer's keyring; 'kj passphrase --forget' removes it."


def _new_passphrase(from_environment: str | None) -> str:
    if from_environment is not None:
        return from_environment
    if not is_interactive():
        raise UsageError("Give the new passphrase in a terminal, or in KJ_PASSPHRASE or "
                         "KJ_PASSPHRASE_COMMAND for a script.")
    return typer.prompt("New passphrase", hide_input=True, confirmation_prompt=True, err=True)


def _remember(path, key: bytes, remember: bool | None) -> None:
    from kindjournal.journal.encryption import remember_key

    if remember is None:
        remember = is_interactive() and typer.confirm(
            "Keep the key in this computer's keyring, so kj does not ask each time?",
            default=True, err=True)
    if remember:
        remember_key(path, key)
        typer.echo(KEY_KEPT, err=True)


def encrypt(remember: RememberOpt = None, yes: YesOpt = False) -> None:
    """Lock the whole journal with a passphrase. kj says first that there is no way
    back without it. The passphrase is typed, or read from KJ_PASSPHRASE or
    KJ_PASSPHRASE_COMMAND."""
    from kindjournal.journal.backups import copies_beside
    from kindjournal.journal.encryption import encrypt_file, passphrase_from_environment

    path = journal_path()
    db = open_db(create=True).require_writable()
    already = db.cipher is not None
    db.close()
    if already:
        raise KindJournalError(f"{path} is already encrypted; 'kj passphrase' changes its "
                               "passphrase.")
    say(NO_WAY_BACK, err=True)
    if not yes:
        if not is_interactive():
            raise UsageError("Encrypting needs your say-so: add --yes to go ahead.")
        if not typer.confirm("Encrypt it now?", default=False, err=True):
            typer.echo("Nothing was changed.", err=True)
            return
    key = encrypt_file(path, _new_passphrase(passphrase_from_environment()))
    typer.echo(f"Encrypted {path}. Its backups from now on are encrypted too.")
    _remember(path, key, remember)
    plain = copies_beside(path)
    if plain:
        say(f"{len(plain)} older copies beside it are not encrypted and still hold your "
            f"entries: {', '.join(str(copy) for copy in plain)}. Delete them once 'kj list' "
            "shows your journal opens.", err=True)


def decrypt(yes: YesOpt = False) -> None:
    """Turn encryption off: a plain file again."""
    from kindjournal.journal.encryption import decrypt_file, forget_key

    path = journal_path()
    db = open_db().require_writable()
    cipher = db.cipher
    db.close()
    if cipher is None:
        raise KindJournalError(f"{path} is not encrypted; nothing was changed.")
    if not yes:
        if not is_interactive():
            raise UsageError("Decrypting needs your say-so: add --yes to go ahead.")
        if not typer.confirm("Anyone who can read the file will then be able to read your "
                             "journal. Decrypt it?", default=False, err=True):
            typer.echo("Nothing was changed.", err=True)
            return
    decrypt_file(path, cipher[0])
    forget_key(path)
    typer.echo(f"Decrypted {path}: it is a plain file again. Encrypted backups stay "
               "encrypted.")


def passphrase(
    remember: Annotated[bool, typer.Option(
        "--remember", help="Keep the key in this computer's keyring (after checking the "
                           "passphrase), without changing it.")] = False,
    forget: Annotated[bool, typer.Option(
        "--forget", help="Remove the key from this computer's keyring; kj asks for the "
                         "passphrase again.")] = False,
) -> None:
    """Change the passphrase, or remember or forget the key."""
    from kindjournal.journal.encryption import (
        change_passphrase,
        forget_key,
        remember_key,
        remembered_key,
    )

    path = journal_path()
    if remember and forget:
        raise UsageError("Choose --remember or --forget, not both.")
    if forget:
        forgotten = forget_key(path)
        typer.echo("The key is no longer kept in this computer's keyring." if forgotten
                   else "No key for this journal was kept in this computer's keyring.")
        return
    db = open_db()
    if db.cipher is None:
        raise KindJournalError(f"{path} is not encrypted; 'kj encrypt' locks it with a "
                               "passphrase.")
    if remember:
        remember_key(path, db.cipher[0])
        typer.echo(KEY_KEPT)
        return
    db.require_writable()
    key = change_passphrase(db, _new_passphrase(os.environ.get(NEW_PASSPHRASE_ENV)))
    db.close()
    typer.echo("Changed the passphrase. Backups made before keep the old one.")
    if remembered_key(path) is not None:
        remember_key(path, key)
