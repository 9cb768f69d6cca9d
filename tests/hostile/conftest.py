"""Hypothesis profiles, chosen with the HYPOTHESIS_PROFILE environment variable:

- `dev` (the default): 60 examples per test, failures remembered in var/hypothesis/ for the next run;
- `ci`: 100 examples, derandomized (the same examples on every run, so CI never flakes), no database;
- `thorough`: 1,000 examples, to look harder before a release (`HYPOTHESIS_PROFILE=thorough`).

No deadline: a request's time varies with the machine and the database, and is not what these tests judge."""

import os
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from hypothesis import HealthCheck, settings
from hypothesis.database import DirectoryBasedExampleDatabase

_COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
    "print_blob": True,
}
settings.register_profile(
    "dev", max_examples=60,
    database=DirectoryBasedExampleDatabase(Path(__file__).resolve().parents[2] / "var" / "hypothesis"), **_COMMON,
)
settings.register_profile("ci", max_examples=100, derandomize=True, database=None, **_COMMON)
settings.register_profile("thorough", max_examples=1000, database=None, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(autouse=True)
def answers_storage(tmp_path, monkeypatch):
    """Answers files uploaded by these tests are kept in a throw-away folder."""
    from issues.proposals import answers

    storage = FileSystemStorage(location=tmp_path / "answers-private")
    monkeypatch.setattr(answers, "storage", lambda: storage)
    return storage
