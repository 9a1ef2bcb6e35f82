"""Koers' development package: test factories and worlds (``koers_dev.testing``), and ``koers bench`` and
``koers loadtest`` (``koers_dev.performance``).

It is a distribution of its own (``dev/pyproject.toml``), installed by ``make venv`` next to Koers and never in a
production install, so that factory_boy, the load test and the benchmarks stay out of the runtime package.
"""
