"""The issue list at a million rows. The bigram search of issues/search.py on PostgreSQL: SQL functions
that cut text into 2-character grams, a tsvector column on issues kept by a trigger, GIN indexes on
issues and companies, and an operator for its exact test (nothing of it on SQLite, which searches
without an index). And two indexes for the list: one state newest first, and the open issues by how
long they have waited (the overdue count)."""

from django.db import migrations, models

# Runs of letters and digits: whitespace and ASCII punctuation (Python's string.whitespace +
# string.punctuation, 38 characters) separate them; upper() as Django's icontains uses it.
CREATE_SQL = r"""
CREATE FUNCTION search_runs(doc text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT string_to_array(translate(upper(doc),
        E' \t\n\r\x0b\x0c!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~', repeat(' ', 38)), ' ')
$$;

-- Each run's 2-character grams and its last character alone: 드론배송 → 드론 론배 배송 송.
CREATE FUNCTION search_bigrams(VARIADIC parts text[]) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE COST 1000 AS $$
DECLARE
    grams text[] := '{}';
    part text;
    run text;
BEGIN
    FOREACH part IN ARRAY parts LOOP
        CONTINUE WHEN part IS NULL;
        FOREACH run IN ARRAY search_runs(part) LOOP
            FOR i IN 1 .. length(run) LOOP
                grams := grams || substr(run, i, 2);
            END LOOP;
        END LOOP;
    END LOOP;
    RETURN array_to_tsvector(grams);
END $$;

-- All 2-character grams of the term's runs; a run of one character: any gram that starts with it.
CREATE FUNCTION search_query(term text) RETURNS tsquery
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE STRICT AS $$
DECLARE
    parts text[] := '{}';
    run text;
BEGIN
    FOREACH run IN ARRAY search_runs(term) LOOP
        IF length(run) = 1 THEN
            parts := parts || ('''' || run || ''':*');
        END IF;
        FOR i IN 1 .. length(run) - 1 LOOP
            parts := parts || ('''' || substr(run, i, 2) || '''');
        END LOOP;
    END LOOP;
    IF cardinality(parts) = 0 THEN
        RETURN NULL;
    END IF;
    RETURN array_to_string(parts, ' & ')::tsquery;
END $$;

-- A stored column, not an expression index alone: a query that does not use the index (a common word,
-- read along the newest-first index) tests each row's stored grams instead of cutting its text again.
-- A trigger, not a generated column: a generated column would forbid changing the type of the columns
-- it reads (a longer title).
ALTER TABLE issues_issue ADD COLUMN search_vector tsvector;

CREATE FUNCTION issue_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := search_bigrams(NEW.number, NEW.title, NEW.problem, NEW.related_law);
    RETURN NEW;
END $$;

CREATE TRIGGER issue_search_vector BEFORE INSERT OR UPDATE OF number, title, problem, related_law
    ON issues_issue FOR EACH ROW EXECUTE FUNCTION issue_search_vector();

UPDATE issues_issue SET search_vector = search_bigrams(number, title, problem, related_law);

-- LIKE (its own function) with the selectivity estimate of "keeps nearly every row": the exact test
-- of a search rechecks what the gram index found, and must not make PostgreSQL expect a handful of rows.
CREATE OPERATOR ~~~ (LEFTARG = text, RIGHTARG = text, FUNCTION = textlike, RESTRICT = neqsel, JOIN = neqjoinsel);

SET LOCAL maintenance_work_mem = '256MB';
CREATE INDEX issue_search_bigrams ON issues_issue USING gin (search_vector);
CREATE INDEX company_search_bigrams ON companies_company USING gin (search_bigrams(name, business_number));
"""

DROP_SQL = """
DROP OPERATOR IF EXISTS ~~~ (text, text);
DROP INDEX IF EXISTS company_search_bigrams;
DROP TRIGGER IF EXISTS issue_search_vector ON issues_issue;
DROP FUNCTION IF EXISTS issue_search_vector();
ALTER TABLE issues_issue DROP COLUMN IF EXISTS search_vector;
DROP FUNCTION IF EXISTS search_query(text);
DROP FUNCTION IF EXISTS search_bigrams(text[]);
DROP FUNCTION IF EXISTS search_runs(text);
"""


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_SQL, params=None)


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0001_initial"),
        ("issues", "0006_batches_exports_publishable"),
    ]

    operations = [
        migrations.RunPython(create_search_index, drop_search_index, elidable=False),
        migrations.AddIndex(
            model_name="issue",
            index=models.Index(fields=["state", "-filed_at", "-id", "is_suspected_spam"],
                               name="issue_state_newest"),
        ),
        migrations.AddIndex(
            model_name="issue",
            index=models.Index(fields=["state_changed_at", "state", "is_suspected_spam"],
                               condition=~models.Q(state="closed"), name="issue_open_since"),
        ),
    ]
