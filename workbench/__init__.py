"""Claim Workbench: track claims and denials across news articles."""

__version__ = "0.1.0"
