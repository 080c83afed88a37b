"""Built-in methodology plug-ins of mrv.

Each sub-package is written exactly as a third-party plug-in would be: it imports only the
public core (``mrv``, ``mrv.tools``, ``mrv.testing``) and registers through the ``mrv``
entry-point group in ``pyproject.toml``. The core never imports this package.
"""
