"""Start-up is a feature: each command, run for real in a fresh process, imports only what
it needs. One case per command (a test fails when a command in cli.COMMANDS has none), so
a heavy import added to one command, or a command module that pulls in another, cannot
slow the others unnoticed. Costs met at start-up, measured here: import sqlite_utils
(with dateutil and click) ~90 ms, rich ~30 ms, pydantic ~100 ms, beside Typer's ~55 ms.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kindjournal.cli import COMMANDS, Group

NEVER = {"pydantic"}  # Typer 0.29 would import it on every command (see pyproject.toml)
WORD = {"docx", "lxml"}  # python-docx, for kj portfolio --format docx alone
# A current journal is read on a plain sqlite3 connection: sqlite_utils (which brings
# dateutil and the real click package with it) is for writes, migrations and the schema.
READING = {"sqlite_utils", "dateutil", "click"}
# SQLCipher and the keyring are for an encrypted journal only: a plain one never pays.
CIPHER = {"sqlcipher3", "keyring"}
READING |= CIPHER
PLAIN = {"rich"}  # plain-text output; Rich is for the interactive and panel output


# Each case: what to type after 'kj', what it must not import, and stdin if it reads one.
# {dir} is a folder of files the cases use (a backup, an export, a pack).
CASES = [
    ("reflect", ["reflect", "--from", "-"], NEVER | PLAIN | CIPHER),
    ("note", ["note", "Long night, kept going", "--tag", "nights"], NEVER | PLAIN),
    ("list", ["list"], NEVER | READING | PLAIN),
    ("list a month ago", ["list", "--since", "3 months ago"], NEVER | PLAIN | {"sqlite_utils"}),
    ("show", ["show", "1"], NEVER | READING | PLAIN),
    ("where", ["where"], NEVER | READING),  # its panel is Rich
    ("trends", ["trends"], NEVER | READING | PLAIN),
    ("trends json", ["trends", "--json"], NEVER | READING | PLAIN),
    ("support", ["support", "--nation", "wales"], NEVER | READING),
    ("search", ["search", "tea"], NEVER | READING | PLAIN),
    ("edit", ["edit", "1", "--tag", "learning"], NEVER | PLAIN),
    ("delete", ["delete", "1", "--yes"], NEVER | PLAIN),
    ("trash", ["trash"], NEVER | READING | PLAIN),
    ("restore", ["restore", "3"], NEVER | PLAIN),
    ("demo", ["--db", "{dir}/demo.db", "demo"], NEVER | PLAIN),
    ("export json", ["export", "--format", "json"], NEVER | READING | PLAIN),
    ("export markdown", ["export", "--format", "markdown", "-o", "{dir}/out.md"],
     NEVER | READING | PLAIN),
    ("import", ["import", "{dir}/export.json"], NEVER),
    ("backup", ["backup", "{dir}/copy.db"], NEVER | PLAIN),
    ("restore-backup", ["restore-backup", "{dir}/backup.db", "--yes"], NEVER | PLAIN),
    ("encrypt", ["encrypt", "--yes", "--no-remember"], NEVER | PLAIN),
    ("decrypt", ["decrypt", "--help"], NEVER | READING | PLAIN),
    ("passphrase", ["passphrase", "--forget"], NEVER | PLAIN | {"sqlite_utils"}),
    ("prompts", ["prompts"], NEVER | READING),
    ("prompts show", ["prompts", "show", "after-shift"], NEVER | READING),
    ("prompts new", ["prompts", "new", "--help"], NEVER | READING | PLAIN),  # it asks questions
    ("prompts check", ["prompts", "check", "{dir}/after-shift.toml"], NEVER | READING),
    ("supervision", ["supervision"], NEVER | READING | PLAIN),
    ("supervision history", ["supervision", "history"], NEVER | READING | PLAIN),
    ("supervision record", ["supervision", "record", "--date", "today"], NEVER | PLAIN),
    ("supervision hiding", ["supervision", "--hide", "detachment"], NEVER | READING | PLAIN),
    ("supervision html", ["supervision", "--html", "{dir}/prep.html"],
     NEVER | READING | PLAIN),
    ("supervision show", ["supervision", "show", "1"], NEVER | READING | PLAIN),
    ("supervision edit", ["supervision", "edit", "1", "--note", "Nights."], NEVER | PLAIN),
    ("supervision delete", ["supervision", "delete", "1"], NEVER | PLAIN),
    ("supervision restore", ["supervision", "restore", "2"], NEVER | PLAIN),
    ("supervision agreement", ["supervision", "agreement"], NEVER | READING | PLAIN),
    ("supervision choose", ["supervision", "choose"], NEVER | READING | PLAIN),
    ("supervision export", ["supervision", "export", "-o", "{dir}/sessions.json"],
     NEVER | READING | PLAIN),
    ("supervision cpd", ["supervision", "cpd", "1"], NEVER | PLAIN),
    ("import supervision", ["import", "{dir}/supervision.json"], NEVER),
    ("actions", ["actions"], NEVER | READING | PLAIN),
    ("actions done", ["actions", "done", "1"], NEVER | PLAIN),
    ("actions drop", ["actions", "drop", "1"], NEVER | PLAIN),
    ("redact", ["redact"], NEVER | PLAIN),
    ("redact add", ["redact", "add", "Zed"], NEVER | PLAIN),
    ("redact list", ["redact", "list"], NEVER | PLAIN),
    ("redact remove", ["redact", "remove", "Ann"], NEVER | PLAIN),
    ("revalidation", ["revalidation"], NEVER | READING | PLAIN),
    ("registration", ["registration"], NEVER | READING | PLAIN),
    ("portfolio", ["portfolio", "--format", "markdown", "-o", "{dir}/portfolio.md"],
     NEVER | READING | PLAIN | WORD),
    ("portfolio docx", ["portfolio", "--format", "docx", "-o", "{dir}/portfolio.docx"],
     NEVER | READING | PLAIN),
    ("record", ["record"], NEVER | READING | PLAIN),
    ("record add", ["record", "add", "hours", "--date", "yesterday", "--hours", "7.5",
                    "--set", "setting=Ward"], NEVER | PLAIN),
    ("record list", ["record", "list"], NEVER | READING | PLAIN),
    ("record fields", ["record", "fields", "cpd"], NEVER | READING | PLAIN),
    ("record edit", ["record", "edit", "cpd", "1", "--hours", "3"], NEVER | PLAIN),
    ("record delete", ["record", "delete", "cpd", "1"], NEVER | PLAIN),
    ("record restore", ["record", "restore", "cpd", "2"], NEVER | PLAIN),
    ("record export", ["record", "export"], NEVER | READING | PLAIN),
    ("record import", ["record", "import", "{dir}/records.json"], NEVER | PLAIN),
]

ENTRY = json.dumps({"date": "yesterday", "shift": "night", "tags": ["nights"],
                    "checkin": {"exhaustion": 2},
                    "answers": {"person": "A quiet night; tea at three.", "forward": "Rest"}})

# Prints every imported module's name when the process ends, however kj exits.
WRAPPER = """\
import atexit, os, sys
def report():
    with open(os.environ["KJ_TEST_MODULES"], "w") as out:
        out.write("\\n".join(sorted(sys.modules)))
atexit.register(report)
sys.argv = ["kj", *sys.argv[1:]]
from kindjournal.start import main
main()
"""


def run_kj(args: list[str], env: dict, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", WRAPPER, *args], input=stdin, env=env,
                          capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def journal_template(tmp_path_factory) -> Path:
    """A small current journal: three entries (the third in the trash), an open action,
    a name to redact, an NMC registration and a CPD record, a peer supervision session
    (and one in the bin); beside it a backup, an export, a records export and a
    supervision export to restore and import."""
    folder = tmp_path_factory.mktemp("start-up")
    env = os.environ | {"KJ_HOME": str(folder / "home"), "KJ_DB": str(folder / "journal.db")}
    entries = "\n".join(json.dumps({"date": f"{days} days ago", "tags": ["family"],
                                    "answers": {"person": f"Tea and a chat, day {days}.",
                                                "forward": "Ask about the rota"}})
                        for days in (9, 5, 2))
    for args, stdin in ((["reflect", "--from", "-"], entries), (["delete", "3", "--yes"], ""),
                        (["redact", "add", "Ann"], ""),
                        (["backup", str(folder / "backup.db")], ""),
                        (["export", "--format", "json", "-o", str(folder / "export.json")], ""),
                        (["registration", "nmc", "--renewal", "2099-03-31"], ""),
                        (["record", "add", "cpd", "--date", "3 days ago", "--hours", "2",
                          "--set", "topic=Pressure care"], ""),
                        (["record", "add", "cpd", "--date", "2 days ago", "--hours", "1",
                          "--set", "topic=Hand hygiene"], ""),
                        (["record", "delete", "cpd", "2"], ""),
                        (["record", "export", "-o", str(folder / "records.json")], ""),
                        (["supervision", "record", "-d", "4 days ago", "--kind", "peer",
                          "--note", "Talked over a hard visit.", "--action", "Rest"], ""),
                        (["supervision", "record", "-d", "3 days ago"], ""),
                        (["supervision", "delete", "2"], ""),
                        (["supervision", "export", "-o", str(folder / "supervision.json")],
                         "")):
        subprocess.run([sys.executable, "-m", "kindjournal", *args], input=stdin, env=env,
                       check=True, capture_output=True, text=True)
    return folder


@pytest.fixture
def fresh_journal(journal_template, tmp_path) -> tuple[dict, Path]:
    """A copy of the template for one case, so cases that write do not meet each other."""
    folder = tmp_path / "case"
    shutil.copytree(journal_template, folder)
    shutil.copy(Path(__file__).parents[1] / "prompts" / "after-shift.toml", folder)
    env = os.environ | {"KJ_HOME": str(folder / "home"), "KJ_DB": str(folder / "journal.db"),
                        "KJ_TEST_MODULES": str(folder / "modules.txt"), "COLUMNS": "80",
                        "NO_COLOR": "1", "KJ_PASSPHRASE": "lantern by the sluice gate",
                        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    return env, folder


# Known today, strict so the mark must go once fixed.
KNOWN_FAILING: dict[str, str] = {}


@pytest.mark.parametrize(("args", "must_not_import"), [
    pytest.param(args, banned, id=name, marks=[pytest.mark.xfail(
        strict=True, reason=KNOWN_FAILING[name])] if name in KNOWN_FAILING else [])
    for name, args, banned in CASES])
def test_each_command_imports_only_what_it_needs(fresh_journal, args, must_not_import):
    env, folder = fresh_journal
    typed = [arg.replace("{dir}", str(folder)) for arg in args]
    result = run_kj(typed, env, stdin=ENTRY if "--from" in args else "")
    assert result.returncode == 0, result.stderr  # the command really ran
    imported = set((folder / "modules.txt").read_text().split())
    heavy = {name.split(".")[0] for name in imported} & must_not_import
    assert not heavy, f"kj {' '.join(args)} imported {sorted(heavy)}"
    others = {name for name in imported if name.startswith("kindjournal.commands.")} - {
        "kindjournal.commands.common", "kindjournal.commands.filter_options",
        _module_of(args)}
    assert not others, f"kj {' '.join(args)} imported other commands' modules: {sorted(others)}"


def _command_words(args: list[str]) -> str:
    """'prompts show' for ['prompts', 'show', 'after-shift']; 'demo' for ['--db', ..., 'demo']."""
    words = [arg for arg in args if not arg.startswith("-") and "{dir}" not in arg]
    entry = COMMANDS[words[0]]
    if isinstance(entry, Group) and len(words) > 1 and words[1] in entry.subcommands:
        return f"{words[0]} {words[1]}"
    return words[0]


def _module_of(args: list[str]) -> str:
    entry = COMMANDS[_command_words(args).split()[0]]
    return entry.module if isinstance(entry, Group) else entry.target.split(":")[0]


def test_every_command_and_subcommand_has_a_case():
    wanted = set(COMMANDS) | {f"{name} {sub}" for name, entry in COMMANDS.items()
                              if isinstance(entry, Group) for sub in entry.subcommands}
    missing = wanted - {_command_words(args) for _, args, _ in CASES}
    assert not missing, f"add a case to CASES for: {sorted(missing)}"


def test_help_imports_no_command_module(tmp_path):
    env = os.environ | {"KJ_TEST_MODULES": str(tmp_path / "modules.txt")}
    result = run_kj(["--help"], env)
    assert result.returncode == 0
    imported = (tmp_path / "modules.txt").read_text().split()
    assert not [name for name in imported if name.startswith("kindjournal.commands.")
                and name != "kindjournal.commands.common"]
    assert not {name.split(".")[0] for name in imported} & (NEVER | READING | PLAIN | {"sqlite3"})


@pytest.mark.parametrize("args", [["list"], ["show", "1"], ["search", "tea"]])
def test_an_encrypted_journal_is_read_without_sqlite_utils_or_rich(fresh_journal, args):
    """An encrypted journal pays for SQLCipher (and the keyring) only."""
    env, folder = fresh_journal
    assert run_kj(["encrypt", "--yes", "--no-remember"], env).returncode == 0
    result = run_kj(args, env)
    assert result.returncode == 0, result.stderr
    imported = {name.split(".")[0] for name in (folder / "modules.txt").read_text().split()}
    assert "sqlcipher3" in imported
    assert not imported & (NEVER | PLAIN | {"sqlite_utils", "dateutil", "click"})


# What keyring imports but never uses to fetch a key (journal/keyring_choice.py keeps them
# back until used), and what only keyring's search of every installed backend loads.
KEYRING_UNUSED = {"http", "ssl", "email", "more_itertools.more", "importlib_metadata._meta",
                  "secretstorage", "jeepney", "dbus", "gi", "keyring.backends.SecretService",
                  "keyring.backends.kwallet", "keyring.backends.libsecret",
                  "keyring.backends.chainer", "keyring.backends.macOS",
                  "keyring.backends.Windows"}


def test_an_encrypted_journal_with_a_remembered_key_loads_one_keyring_backend(fresh_journal):
    """kj list with the key in the keyring (a file-backed stand-in, benchmarks/
    file_keyring.py) and no PYTHON_KEYRING_BACKEND: after the first run, the backend that
    served the key is loaded alone, and keyring's unused modules stay unloaded."""
    env, folder = fresh_journal
    benchmarks = Path(__file__).parents[1] / "benchmarks"
    env |= {"KJ_BENCH_KEYRING_FILE": str(folder / "keyring.json"),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(benchmarks),
                                                        env.get("PYTHONPATH")])),
            "XDG_CONFIG_HOME": str(folder / "config"),  # no keyringrc.cfg of the machine's
            "PYTHON_KEYRING_BACKEND": "file_keyring.FileKeyring"}
    assert run_kj(["encrypt", "--yes", "--remember"], env).returncode == 0
    del env["PYTHON_KEYRING_BACKEND"], env["KJ_PASSPHRASE"]
    # kj's record, as it writes it when keyring's search first finds the key (the search
    # itself is tested in test_keyring_choice.py: here it could reach this machine's keyring).
    record = folder / "home" / "keyring-backend"
    record.parent.mkdir(mode=0o700, exist_ok=True)
    record.write_text("file_keyring.FileKeyring")
    record.chmod(0o600)
    result = run_kj(["list"], env)
    assert result.returncode == 0, result.stderr
    imported = set((folder / "modules.txt").read_text().split())
    assert {"sqlcipher3", "keyring", "file_keyring"} <= imported
    loaded = {name for name in imported if name in KEYRING_UNUSED
              or name.split(".")[0] in KEYRING_UNUSED}
    assert not loaded, f"kj list imported {sorted(loaded)}"
    assert not {name.split(".")[0] for name in imported} & (
        NEVER | PLAIN | {"sqlite_utils", "dateutil", "click"})
