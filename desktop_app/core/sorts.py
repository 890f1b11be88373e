"""The sort keys of the document list (`list --sort`, DocumentQuery.sort, the store's ORDER
BY), apart from core/records.py so that the CLI's argument parser, built at every start of
the window too, does not load the records' dataclasses.

date sorts chronologically (year-only after the dated ones of that year, undated last
whatever the direction); id is the tie-break of every sort."""

DOCUMENT_SORTS = ("date", "issuer", "title", "file", "metrics", "imported", "id")
