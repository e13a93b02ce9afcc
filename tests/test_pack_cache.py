"""The pack cache (pack_cache.py) gives exactly the pack a fresh read would, or none."""

from __future__ import annotations

import marshal
import os
import shutil
import stat

import pytest

from kindjournal.reflect import pack_cache, pack_format
from kindjournal.reflect.pack_cache import PackCache
from kindjournal.reflect.packs import DEFAULT_PACK, PackError, builtin_prompts_dir, load_pack_file


@pytest.fixture
def cache(tmp_path) -> PackCache:
    return PackCache(tmp_path / "cache" / "packs.marshal")


def no_parsing(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("the pack was parsed, not taken from the cache")

    monkeypatch.setattr(pack_format, "parse_pack", refuse)


def a_user_pack(tmp_path):
    folder = tmp_path / "prompts"
    folder.mkdir()
    path = folder / f"{DEFAULT_PACK}.toml"
    shutil.copy(builtin_prompts_dir() / f"{DEFAULT_PACK}.toml", path)
    return path


@pytest.mark.parametrize("name", sorted(p.stem for p in builtin_prompts_dir().glob("*.toml")))
def test_a_cached_pack_equals_a_fresh_read(cache, tmp_path, monkeypatch, name):
    path = builtin_prompts_dir() / f"{name}.toml"
    fresh = load_pack_file(path)
    assert load_pack_file(path, cache) == fresh  # a miss: read, then kept
    no_parsing(monkeypatch)
    again = load_pack_file(path, PackCache(cache.file))  # a new run
    assert again == fresh
    assert again.rules == fresh.rules and again.signposting == fresh.signposting
    assert again.source == "built-in"


def test_the_cache_file_is_private(cache):
    load_pack_file(builtin_prompts_dir() / f"{DEFAULT_PACK}.toml", cache)
    assert stat.S_IMODE(cache.file.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache.file.parent.stat().st_mode) == 0o700


def test_an_edit_is_seen_even_with_the_same_size_and_time(cache, tmp_path):
    path = a_user_pack(tmp_path)
    assert load_pack_file(path, cache).signals[0].key == "exhaustion"
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    # Same length, and the file's times put back: only the text tells the change.
    path.write_text(text.replace('key = "exhaustion"', 'key = "exhaustiox"', 1),
                    encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    pack = load_pack_file(path, PackCache(cache.file))
    assert pack.signals[0].key == "exhaustiox"
    assert pack.source == str(path)


def test_a_broken_edit_is_reported_not_hidden_by_the_cache(cache, tmp_path):
    path = a_user_pack(tmp_path)
    load_pack_file(path, cache)
    path.write_text(path.read_text(encoding="utf-8") + "\n[[signals]]\nkey = 3\n",
                    encoding="utf-8")
    with pytest.raises(PackError):
        load_pack_file(path, PackCache(cache.file))


def test_a_cache_from_other_code_is_not_used(cache, monkeypatch):
    path = builtin_prompts_dir() / f"{DEFAULT_PACK}.toml"
    load_pack_file(path, cache)
    monkeypatch.setattr(pack_cache, "_FORMAT", pack_cache._FORMAT + 1)  # as after an upgrade
    parsed = []
    real_parse = pack_format.parse_pack
    monkeypatch.setattr(pack_format, "parse_pack",
                        lambda *args, **kwargs: parsed.append(1) or real_parse(*args, **kwargs))
    assert load_pack_file(path, PackCache(cache.file)) == load_pack_file(path)
    assert parsed


@pytest.mark.parametrize("content", [b"", b"not marshal at all", marshal.dumps((1, 2, 3)),
                                     marshal.dumps(("key", {"x": ("text", "label", (1,))}))])
def test_a_damaged_cache_is_a_miss_and_is_written_afresh(cache, content):
    path = builtin_prompts_dir() / f"{DEFAULT_PACK}.toml"
    cache.file.parent.mkdir(mode=0o700)
    cache.file.write_bytes(content)
    assert load_pack_file(path, cache) == load_pack_file(path)
    assert marshal.loads(cache.file.read_bytes())[0] == pack_cache._code_key()


def test_a_damaged_entry_is_a_miss(cache, monkeypatch):
    path = builtin_prompts_dir() / f"{DEFAULT_PACK}.toml"
    fresh = load_pack_file(path, cache)
    key, entries = marshal.loads(cache.file.read_bytes())
    text, label, _ = entries[str(path)]
    for damaged in ((text, label, ("too", "short")), 7, (text,)):
        cache.file.write_bytes(marshal.dumps((key, {str(path): damaged})))
        assert load_pack_file(path, PackCache(cache.file)) == fresh


def test_a_cache_that_cannot_be_written_costs_nothing_else(tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    path = builtin_prompts_dir() / f"{DEFAULT_PACK}.toml"
    assert load_pack_file(path, PackCache(blocked / "packs.marshal")) == load_pack_file(path)


def test_kj_trends_keeps_the_cache_in_its_home(kj, tmp_path):
    cached = tmp_path / "kj-home" / "cache" / "packs.marshal"
    kj("note", "A first note")  # makes the journal, and so the data folder
    first = kj("trends").output
    assert kj("trends").output == first
    assert cached.is_file()
    assert kj("trends").output == first  # now from the cache
    assert kj("supervision").exit_code == 0


def test_no_data_folder_is_made_for_the_cache(tmp_path):
    path = builtin_prompts_dir() / f"{DEFAULT_PACK}.toml"
    cache = PackCache(tmp_path / "no-such-home" / "cache" / "packs.marshal")
    assert load_pack_file(path, cache) == load_pack_file(path)
    assert not (tmp_path / "no-such-home").exists()
