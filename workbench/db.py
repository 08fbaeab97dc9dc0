"""Compatibility: the connection helpers moved to `workbench.store.connection`.

Kept only for the matching modules (`clustering`, `match_eval`) and the benchmarks being rewritten on another
branch; nothing else in the package imports it. Remove once they import `workbench.store.connection`.
"""

from .store.connection import *  # noqa: F401,F403
