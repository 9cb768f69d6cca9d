from django.db import connection
from issues.models import Issue
from issues import exports

def test_dbg(cast):
    it = Issue.objects.all().iterator(chunk_size=1)
    next(it)
    it.close()
    print("plain:", connection.connection)
    it = exports.export_rows(Issue.objects.all(), chunk_size=1)
    next(it)
    it.close()
    print("rows:", connection.connection)
