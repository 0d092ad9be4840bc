"""Put the repo (for `lab`) and build/collections (for the collection) on sys.path."""

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LINK = os.path.join(ROOT, "build", "collections", "ansible_collections", "cloudops", "privatecloud")
if not os.path.exists(LINK):
    os.makedirs(os.path.dirname(LINK), exist_ok=True)
    os.symlink(os.path.join("..", "..", "..", ".."), LINK)
for path in (os.path.join(ROOT, "build", "collections"), ROOT):
    if path not in sys.path:
        sys.path.insert(0, path)
