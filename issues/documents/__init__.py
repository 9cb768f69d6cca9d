"""What every document the desk writes shares: PDF through WeasyPrint (pdf.py) with the head and Korean style
of templates/documents/_head.html and the `keep_words` filter ({% load documents %}), and HWPX through
python-hwpx (hwpx.py) with the centre as its author, today's dates and a preview that shows the content.
It imports no feature; the features import it."""
