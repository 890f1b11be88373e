"""Zhiku (知库): an offline knowledge-base viewer for Chinese government press releases."""

__version__ = "0.1.0"
APP_NAME = "Zhiku"
