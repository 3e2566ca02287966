"""The data layer: from publishers' raw files to the checked tables the analysis reads.

catalog (data/sources.yaml) -> fetch (raw files, with origin records) -> builders (one per publisher) ->
validation (input rules, table schema) and consistency (identities across tables, on intervals) -> build (a whole
processed folder, with its manifest) -> store (the atomic commit to data/processed/) -> load (typed tables with
provenance). ``factcheck-data`` (command) drives it. Nothing here imports from analysis, claims, charts or publish.
"""
