"""A real OpenID Connect provider for the tests: a small Django project with django-oauth-toolkit in OIDC mode.

``serve.py`` runs it on 127.0.0.1 (a free port) with a new RSA key and database in a temporary folder;
``control.py`` starts it from a pytest fixture and writes the accounts it knows (``users.json`` in that folder).
"""
