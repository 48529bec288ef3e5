"""govlint's version (read by the build backend, the cache key and the output formats)."""

__version__ = "0.1.0"
