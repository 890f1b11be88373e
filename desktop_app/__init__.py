"""Zhiku (知库): an offline knowledge-base viewer for Chinese government press releases."""

import logging

__version__ = "0.1.0"
APP_NAME = "Zhiku"

# Quiet as a library: records go nowhere until core/logs.py `setup` (the CLI, the window)
# gives the package its log, never to Python's last-resort stderr handler.
logging.getLogger(__name__).addHandler(logging.NullHandler())
