"""Writing generated rows fast: COPY on PostgreSQL (psycopg 3), executemany on SQLite (small N: tests).

Rows are plain tuples in the order of a Table's columns. Columns of the model the seeder does not
name (a field added later) are filled with the field's default, so a new nullable or defaulted
field never breaks seeding; a new required field without a default stops it with a clear error."""

from django.db import connection
from django.db.models import Max
from django.db.models.fields import NOT_PROVIDED

from ..models import TrackingCounter


class Table:
    def __init__(self, model, columns: tuple[str, ...]):
        self.model, self.name = model, model._meta.db_table
        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = set(columns) - set(fields)
        if unknown:
            raise ValueError(f"{model.__name__} has no columns {sorted(unknown)}")
        extra = {}
        for attname, field in fields.items():
            if attname in columns or field.primary_key or field.db_default is not NOT_PROVIDED:
                continue
            if field.has_default() or (not field.null and field.empty_strings_allowed):
                extra[attname] = field.get_default()
            elif not field.null:
                raise ValueError(f"seed_bulk does not know how to fill the required column {self.name}.{attname}")
        self.columns = (*columns, *extra)
        self.extra = tuple(extra.values())
        self.fields = [fields[name] for name in self.columns]

    def write(self, rows) -> int:
        """Insert every row of the iterable `rows`; return how many."""
        if connection.vendor == "postgresql":
            return self._copy(rows)
        return self._insert(rows)

    def _copy(self, rows) -> int:
        from psycopg import sql  # the PostgreSQL driver, loaded only where there is one to COPY into

        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(self.name), sql.SQL(", ").join(map(sql.Identifier, self.columns)))
        count, extra = 0, self.extra
        with connection.cursor() as cursor, cursor.copy(statement) as copy:
            write = copy.write_row
            if extra:
                for row in rows:
                    write(row + extra)
                    count += 1
            else:
                for row in rows:
                    write(row)
                    count += 1
        return count

    def _insert(self, rows) -> int:
        quote = connection.ops.quote_name
        statement = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from the models  # nosec B608
            quote(self.name), ", ".join(map(quote, self.columns)), ", ".join(["%s"] * len(self.columns)))
        prepared = [
            [field.get_db_prep_value(value, connection) for field, value in zip(self.fields, row + self.extra,
                                                                                 strict=True)]
            for row in rows
        ]
        with connection.cursor() as cursor:
            cursor.executemany(statement, prepared)
        return len(prepared)


def reserve_ids(model, count: int) -> list[int]:
    """`count` primary keys no other insert will take: from the table's sequence on PostgreSQL (so its
    sequence stays right for the inserts that follow), after the highest id on SQLite."""
    if count <= 0:
        return []
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [model._meta.db_table, model._meta.pk.column, count])
            return [row[0] for row in cursor.fetchall()]
    start = (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    return list(range(start, start + count))


def reserve_numbers(year: int, count: int) -> range:
    """The next `count` tracking numbers of `year`, taken from its counter in one statement, the way
    services.allocate_number takes one."""
    table = connection.ops.quote_name(TrackingCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (year, last) VALUES (%s, %s) "  # noqa: S608 - the table name is ours  # nosec B608
            f"ON CONFLICT (year) DO UPDATE SET last = {table}.last + excluded.last RETURNING last",
            [year, count],
        )
        (last,) = cursor.fetchone()
    return range(last - count + 1, last + 1)


def tracking_number(year: int, serial: int) -> str:
    return f"REG-{year}-{serial:04d}"


def analyze(models) -> None:
    """Fresh planner statistics after a large load (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")

