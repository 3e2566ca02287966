"""The publishing layer: running the notebooks (``factcheck-run``, in parallel) and building the site
(``factcheck-site``) from their committed outputs. Imports from every other layer; nothing imports from it."""
