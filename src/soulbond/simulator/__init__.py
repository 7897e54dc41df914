"""The simulated world: millions of lives in fast-forward, with the core's laws vectorised.

Modules: ``config`` (the YAML model), ``population`` and ``streams`` (who lives,
drawn per bonded pair), ``step`` (one year over arrays), ``knowledge`` (candidate
counts), ``runner`` and ``distributed`` (local and Dask runs), ``recording`` and
``report`` (Parquet and HTML), ``reference`` (the same model through the core).
"""
