"""STRICT: what turns it on, and that a strict run without Redis stops before any test."""

import os
import subprocess
import sys

import pytest

from tests.conftest import BASE_DIR_FOR_TESTS, is_strict


@pytest.mark.parametrize(("value", "strict"), [
    (None, False), ("", False), ("0", False), ("no", False), ("false", False), ("OFF", False), (" 0 ", False),
    ("1", True), ("yes", True), ("true", True), ("on", True),
])
def test_strict_is_on_for_1_and_off_for_0(value, strict):
    assert is_strict(value) is strict


def test_a_strict_run_without_redis_stops_before_the_first_test():
    env = {**os.environ, "STRICT": "1"}
    env.pop("REDIS_URL", None)
    run = subprocess.run(  # noqa: S603 - this interpreter, running pytest on one small test file
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q",
         "tests/test_strict.py::test_strict_is_on_for_1_and_off_for_0"],
        cwd=BASE_DIR_FOR_TESTS, env=env, capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert "STRICT=1 requires Redis (REDIS_URL)" in run.stdout + run.stderr
    assert "passed" not in run.stdout
