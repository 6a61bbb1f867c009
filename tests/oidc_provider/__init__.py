"""A real OpenID Connect provider for the sign-in tests: django-oidc-provider in a small Django project of its own,
served by `python -m tests.oidc_provider.serve` in a subprocess (see tests/e2e/test_oidc.py)."""
