"""Zhiku core: parsing, storage, search and reports. Never imports Qt."""
