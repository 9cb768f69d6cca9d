"""Staff names as colleagues write them: Korean family name first without a space, others given name first."""

import pytest
from django.contrib.auth import get_user_model

from issues.selectors import person_name

User = get_user_model()


@pytest.mark.parametrize(("first", "last", "username", "shown"), [
    ("수민", "이", "slee", "이수민"),
    ("지원", "김", "jkim", "김지원"),
    ("Jane", "Doe", "jdoe", "Jane Doe"),
    ("", "", "officer", "officer"),
    ("수민", "", "slee", "수민"),
    (" 수민 ", " 이 ", "slee", "이수민"),
])
def test_a_staff_name_is_written_as_colleagues_write_it(first, last, username, shown):
    assert person_name(User(first_name=first, last_name=last, username=username)) == shown
