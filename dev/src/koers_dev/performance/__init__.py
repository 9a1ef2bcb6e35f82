"""Measuring Koers' speed across the apps: ``koers bench`` (synthetic register data, measures, reports) and
``koers loadtest`` (simulated users against gunicorn). It sits above the domain apps; nothing imports it."""
