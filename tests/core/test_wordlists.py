"""The seeding's Faker word lists, kept in a cache so a start need not import Faker (emulator/core/wordlists.py)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from emulator.core import wordlists
from emulator.core.seeding import POOL, Seeder

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    wordlists._lists.cache_clear()
    yield tmp_path / "cache" / "lms-emulator"
    wordlists._lists.cache_clear()


def kept_file(directory: Path) -> Path:
    (path,) = directory.glob("faker-en_US-*.json")
    return path


def test_the_cached_lists_are_fakers_own(cache_home):
    first = {name: wordlists.word_list(name) for name in wordlists.SOURCES}  # read from Faker, then written
    assert first == wordlists.from_faker()
    assert json.loads(kept_file(cache_home).read_text()) == first
    wordlists._lists.cache_clear()
    assert {name: wordlists.word_list(name) for name in wordlists.SOURCES} == first  # now from the file
    assert "Smith" in first["last_names"] and first["company_suffixes"][:2] == ["Inc", "and Sons"]


def test_a_seeders_pools_are_what_faker_gave_before_the_cache(cache_home):
    from faker.providers.company.en_US import Provider as Company
    from faker.providers.person.en_US import Provider as Person

    seeder = Seeder(7, "talentlms")
    rng = Seeder(7, "talentlms").rng
    expected_first = sorted(set(rng.sample(sorted(Person.first_names), POOL)))  # drawn in this order
    expected_last = sorted(set(rng.sample(sorted(Person.last_names), POOL)))
    assert seeder.first_names == expected_first
    assert seeder.last_names == expected_last
    assert all(name.split(" ", 1)[1] in Company.company_suffixes for name in seeder.companies)


@pytest.mark.parametrize("damage", ["{not json", '{"first_names": ["Ann"]}', '{"first_names": 3}', "[]"])
def test_a_damaged_cache_is_read_afresh_and_written_again(cache_home, damage):
    wordlists.word_list("jobs")
    path = kept_file(cache_home)
    path.write_text(damage)
    wordlists._lists.cache_clear()
    assert wordlists.word_list("jobs") == wordlists.from_faker()["jobs"]
    assert json.loads(path.read_text()) == wordlists.from_faker()


def test_a_cache_directory_that_cannot_be_written_costs_only_the_faker_import(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    wordlists._lists.cache_clear()
    try:
        assert wordlists.word_list("first_names") == wordlists.from_faker()["first_names"]
    finally:
        wordlists._lists.cache_clear()
    assert blocker.read_text() == ""


def test_the_key_follows_the_provider_files(tmp_path):
    """Another Faker version (or an edited provider) must not be served an old list."""
    for module in {module for module, _ in wordlists.SOURCES.values()}:
        path = tmp_path.joinpath(*module.split(".")[1:], "__init__.py")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n")
    before = wordlists._source_key(tmp_path)
    job = tmp_path / "providers" / "job" / "en_US" / "__init__.py"
    job.write_text("x = 22\n")
    assert wordlists._source_key(tmp_path) != before
    job.unlink()
    assert wordlists._source_key(tmp_path) is None


def test_the_serve_parent_does_not_import_faker_once_the_lists_are_kept(cache_home):
    code = ("import sys; from emulator import server; server._preload(); "
            "sys.exit(3 if 'faker' in sys.modules else 0)")
    env = dict(os.environ, XDG_CACHE_HOME=str(cache_home.parent), PYTHONPATH=str(ROOT))
    first = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True)
    assert first.returncode == 3, first.stderr  # nothing kept yet: read from Faker, and written
    again = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
