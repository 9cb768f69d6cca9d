import pytest


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs what the block's transactions left for after their commit (the notices)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
