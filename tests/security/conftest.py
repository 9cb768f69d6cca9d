"""The server tests of test_secrets_in_logs and test_request_size share one site: migrating its database
and filing its issue in subprocesses take seconds."""

from tests.security.servers import site  # noqa: F401 - a fixture
