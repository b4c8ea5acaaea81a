"""Installs tests/netguard.py in every Python process the test suite starts."""

import importlib.util
import os

_path = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "netguard.py")
_spec = importlib.util.spec_from_file_location("_journal_netguard", _path)
if _spec is not None and _spec.loader is not None:
    _guard = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(_guard)
    _guard.install(log_to_file=True)
