"""The public figures and the annual report: `facts` asks the database and derives the figures (plain
data, cached), `charts` draws them as SVG, `report` writes the year's report (XLSX, PDF), `views` and
`urls` serve /stats/ and /stats/report/<year>.<format>. No personal data anywhere here."""
