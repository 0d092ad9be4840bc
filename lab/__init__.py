"""The cloudops.privatecloud lab: simulated private-cloud endpoints for tests, demos and benchmarks.

Independent of the collection: nothing here imports from ``plugins/`` (and vice versa), so a
wrong client and a wrong lab cannot agree through shared code.
"""
