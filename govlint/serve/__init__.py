"""``govlint serve``: a local web page where people without a terminal drop their drafts and see
the findings (the text highlighted, the findings beside it, the annotated Word copy to download,
a batch's summary table and its CSV/XLSX export).

The page and the linting run on the person's own machine (or an office's intranet server):
nothing is sent anywhere. Uploads are kept in memory only and never written; no path is read
from a request. Modules, bottom to top:

- :mod:`govlint.serve.uploads`: a request's body read as it comes, within the limits
  (multipart parts, zip entries), never written anywhere;
- :mod:`govlint.serve.work`: what a worker process does (lint a file, annotate it), and the
  rule explanations and packs the page shows;
- :mod:`govlint.serve.app`: the Starlette application, its bounded worker pool;
- :mod:`govlint.serve.server`: uvicorn on a free loopback port, the browser opened.

The web back-ends (Starlette, uvicorn, python-multipart) are an optional extra:
``pip install 'govlint[serve]'``.
"""

from __future__ import annotations

BACKENDS = (("starlette", "starlette"), ("uvicorn", "uvicorn"), ("python_multipart", "python-multipart"))


def missing_backends() -> list[str]:
    """The distributions of the ``serve`` extra that are not installed (their pip names)."""
    import importlib.util

    return [pip for module, pip in BACKENDS if importlib.util.find_spec(module) is None]
