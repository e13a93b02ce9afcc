"""files.py: the one atomic private write and the one private-folder maker, and every
file kj writes (journal, backups, exports, pack cache, new packs, trends page) going
through them."""

from __future__ import annotations

import errno
import os
import shutil
import stat
from pathlib import Path

import pytest

from kindjournal import files
from kindjournal.files import (
    TEMPORARY_SUFFIX,
    DestinationExists,
    atomic_private_file,
    make_private_folders,
    private_text_file,
    write_private_bytes,
)

FIXTURES = Path(__file__).parent / "fixtures"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if TEMPORARY_SUFFIX in path.name)


@pytest.fixture
def open_umask():
    old = os.umask(0)
    yield
    os.umask(old)


def test_a_new_file_is_synced_before_it_appears_private_and_complete(
        tmp_path, open_umask, monkeypatch):
    target = tmp_path / "note.txt"
    synced = []
    real_fsync = os.fsync

    def fsync(fd):
        synced.append(target.exists())  # is it in place yet?
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    write_private_bytes(target, b"kind words\n")
    assert synced == [False]  # flushed to disk once, before it was put in place
    assert target.read_bytes() == b"kind words\n"
    assert mode(target) == 0o600
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("replace", [False, True])
def test_a_failed_write_leaves_no_temporary_file_and_the_destination_as_it_was(
        tmp_path, replace):
    target = tmp_path / "page.html"
    if replace:
        target.write_bytes(b"the old page")
    with pytest.raises(RuntimeError), atomic_private_file(target, replace) as (_temp, out):
        out.write(b"half a pa")
        raise RuntimeError("the disk went away")
    assert leftovers(tmp_path) == []
    assert (target.read_bytes() == b"the old page") if replace else not target.exists()


def test_a_failed_fsync_puts_nothing_in_place(tmp_path, monkeypatch):
    def fail(fd):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(OSError):
        write_private_bytes(tmp_path / "out.bin", b"data")
    assert list(tmp_path.iterdir()) == []


def test_a_destination_that_appeared_meanwhile_is_never_replaced(tmp_path):
    target = tmp_path / "out.md"
    with pytest.raises(DestinationExists), atomic_private_file(target) as (_temp, out):
        out.write(b"mine")
        target.write_bytes(b"theirs")  # another program, while kj was writing
    assert target.read_bytes() == b"theirs"
    assert leftovers(tmp_path) == []


def test_where_hard_links_are_not_supported_it_checks_then_renames(tmp_path, monkeypatch):
    def no_links(source, destination):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "out.md"
    write_private_bytes(target, b"first")
    assert target.read_bytes() == b"first" and mode(target) == 0o600
    with pytest.raises(DestinationExists):
        write_private_bytes(target, b"second")
    assert target.read_bytes() == b"first"
    write_private_bytes(target, b"second", replace=True)
    assert target.read_bytes() == b"second"
    assert leftovers(tmp_path) == []


def test_a_missing_folder_is_named_by_the_file_asked_for(tmp_path):
    target = tmp_path / "no-such-folder" / "out.bin"
    with pytest.raises(FileNotFoundError) as caught:
        write_private_bytes(target, b"x")
    assert caught.value.filename == str(target)


def test_private_text_file_writes_utf8_without_newline_translation(tmp_path):
    target = tmp_path / "export.csv"
    with private_text_file(target) as out:
        out.write("Zoë\r\nnext\n")
    assert target.read_bytes() == "Zoë\r\nnext\n".encode()
    assert mode(target) == 0o600 and leftovers(tmp_path) == []


def test_private_folders_are_0700_under_any_umask(tmp_path, open_umask):
    deep = tmp_path / "a" / "b" / "c"
    make_private_folders(deep)
    for folder in (deep, deep.parent, deep.parent.parent):
        assert mode(folder) == 0o700, folder
    make_private_folders(deep)  # already there: nothing to do
    with pytest.raises(FileNotFoundError):  # only its own folder, not the missing parents
        make_private_folders(tmp_path / "x" / "cache", parents=False)
    make_private_folders(deep / "cache", parents=False)
    assert mode(deep / "cache") == 0o700


# -- every file kj writes goes through the one writer ------------------------------------


@pytest.fixture
def placed(monkeypatch) -> list[Path]:
    """The destinations put in place by files.atomic_private_file, in order."""
    seen: list[Path] = []
    real = files._put_in_place

    def recording(temporary, path, replace):
        seen.append(Path(path))
        real(temporary, path, replace)

    monkeypatch.setattr(files, "_put_in_place", recording)
    return seen


def test_a_new_journal_and_its_backups_are_written_by_the_one_writer(tmp_path, placed):
    from kindjournal.journal.database import backup_journal, open_journal

    journal = tmp_path / "journal.db"
    db = open_journal(journal)
    assert placed == [journal]
    backup_journal(db, tmp_path / "copy.db")
    assert placed[-1] == tmp_path / "copy.db"
    db.close()
    old = tmp_path / "old.db"
    shutil.copyfile(FIXTURES / "journal-v1.db", old)
    open_journal(old, []).close()  # an upgrade keeps a backup first
    assert placed[-1].name.startswith("old.db.v1-") and placed[-1].suffix == ".bak"
    assert leftovers(tmp_path) == []


def test_exports_are_written_by_the_one_writer(kj, tmp_path, placed):
    kj.add({"answers": {"person": "A calm night."}})
    kj("export", "--format", "json", "-o", str(tmp_path / "out.json"))
    assert placed[-1] == tmp_path / "out.json"


def test_the_pack_cache_is_written_by_the_one_writer(tmp_path, placed):
    from kindjournal.reflect.pack_cache import PackCache
    from kindjournal.reflect.packs import DEFAULT_PACK, builtin_prompts_dir, load_pack_file

    cache = PackCache(tmp_path / "cache" / "packs.marshal")
    load_pack_file(builtin_prompts_dir() / f"{DEFAULT_PACK}.toml", cache)
    assert placed == [cache.file]
    assert mode(cache.file.parent) == 0o700


def test_a_new_pack_is_written_by_the_one_writer(tmp_path, placed):
    from kindjournal.reflect.pack_authoring import scaffold

    path = scaffold("my-nights", tmp_path / "prompts")
    assert placed == [path] and mode(path) == 0o600


def test_the_trends_page_is_written_by_the_one_writer(tmp_path, placed, monkeypatch):
    from kindjournal.trends import html

    monkeypatch.setattr(html, "render_html", lambda report: "<!DOCTYPE html>")
    html.write_html({}, tmp_path / "trends.html")
    assert placed == [tmp_path / "trends.html"]
