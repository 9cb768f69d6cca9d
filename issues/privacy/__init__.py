"""Personal data, as the law asks us to handle it (개인정보 보호법): the access log of every download of
it (`access_log`), the retention period and its nightly erasure (`retention`), and what we hold about a
filer, for the filer (`filer_data`).

Every feature that hands out personal data logs it here, so this package sits below them and imports
none of them."""
