"""Put the repo (for `lab`) and build/collections (for the collection) on sys.path."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from tools.collection_path import ensure_importable  # noqa: E402  pylint: disable=wrong-import-position

ensure_importable()
