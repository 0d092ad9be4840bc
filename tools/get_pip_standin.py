"""Offline stand-in for ansible-test's get-pip bootstrap (installed by `make setup`).

ansible-test creates each sanity venv without pip and downloads get-pip.py from a host this
machine cannot reach.  It caches the download at ~/.ansible/test/cache/get_pip_24_2.py, so a
file there that bootstraps pip with ensurepip (which ships with CPython) and then installs the
requested pip from the package index does the same job.  ensurepip runs in a subprocess:
in-process it clears the PIP_* environment.
"""

import subprocess
import sys

subprocess.check_call([sys.executable, "-m", "ensurepip", "--upgrade"])
ARGS = [a for a in sys.argv[1:] if a not in ("--no-setuptools", "--no-wheel")]
sys.exit(subprocess.call([sys.executable, "-m", "pip", "install", "--disable-pip-version-check"] + ARGS))
