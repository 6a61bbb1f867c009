"""A dummy app that exists only in tests/plugin_settings.py: it proves an app plugs in without any edit in core."""
