"""The proposal lists officials take to the government (/exports/): `columns` (the columns of CONTRACT.md
and one row per issue), `formats` (the XLSX, CSV, PDF and HWPX files), `jobs` (writing a file during the
request or in the background, and the export log), `filters` (which issues), `views` and `urls`."""
