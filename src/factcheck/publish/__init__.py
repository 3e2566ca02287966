"""The publishing layer: running the notebooks (``factcheck-run``, in parallel, those whose inputs changed:
run, freshness), the verdicts end to end (``factcheck-claims``: claims_command) and the site (``factcheck-site``:
site, pages) from the committed outputs. Imports from every other layer; nothing imports from it."""
