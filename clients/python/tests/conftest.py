"""Shared test setup: makes the package importable from the source tree and registers the markers."""

from __future__ import annotations

import sys
from pathlib import Path

CLIENT_ROOT = Path(__file__).resolve().parents[1]
REPO_ROOT = CLIENT_ROOT.parents[1]
VECTORS_DIR = REPO_ROOT / "protocol" / "vectors"

if str(CLIENT_ROOT) not in sys.path:
    sys.path.insert(0, str(CLIENT_ROOT))


def pytest_configure(config) -> None:  # type: ignore[no-untyped-def]
    config.addinivalue_line(
        "markers", "integration: needs a running disco-server (DISCO_SERVER_BIN or DISCO_SERVER_ADDRESS)"
    )
