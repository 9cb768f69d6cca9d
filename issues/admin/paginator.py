"""A paginator for lists of a million rows: it counts no further than it must."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class BoundedPaginator(Paginator):
    """Counts at most `bound` rows, and knows whether there are more.

    The count is `SELECT COUNT(*) FROM (SELECT … LIMIT bound + 1)`, without the list's ordering so that
    PostgreSQL may count along any index: its cost grows with the bound, never with the table. Past the
    bound `count` is the bound, `is_capped` is true and the page links end with "…" instead of a last
    page that is not the last. `number` is the page asked for: the bound reaches at least one page
    beyond it, so "next" always leads somewhere. `when_capped(queryset)`, if given, is how the rows of a
    page are read when there are more than the bound (matches that many are found fastest another way)."""

    def __init__(self, object_list, per_page, *, bound: int, number: int = 1, when_capped=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.number = max(number, 1)
        self.bound = max(bound, (self.number + 1) * self.per_page)
        self.when_capped = when_capped

    @cached_property
    def _counted(self) -> int:
        return self.object_list.order_by()[: self.bound + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.bound)

    @property
    def is_capped(self) -> bool:
        return self._counted > self.bound

    @property
    def first_shown(self) -> int:
        return min((self.number - 1) * self.per_page + 1, self.count)

    @property
    def last_shown(self) -> int:
        return min(self.number * self.per_page, self.count)

    def page(self, number):
        page = super().page(number)
        if self.is_capped and self.when_capped:
            page.object_list = self.when_capped(page.object_list)
        return page

    def get_elided_page_range(self, number=1, *, on_each_side=3, on_ends=2):
        if not self.is_capped:
            yield from super().get_elided_page_range(number, on_each_side=on_each_side, on_ends=on_ends)
            return
        number = self.validate_number(number)
        start, end = max(number - on_each_side, 1), min(number + on_each_side, self.num_pages)
        if start > on_ends + 2:
            yield from range(1, on_ends + 1)
            yield self.ELLIPSIS
        else:
            start = 1
        yield from range(start, end + 1)
        yield self.ELLIPSIS
