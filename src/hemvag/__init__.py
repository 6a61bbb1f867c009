"""Hemväg: case and information system for municipal voluntary-return services."""
