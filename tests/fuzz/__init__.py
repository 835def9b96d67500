"""The fuzz suite: hostile inputs for every loader and public entry point.

Three sizes: a quick one in the normal pass, a thorough one under
``CI=true`` and a long one run by hand with ``SALESFLOW_FUZZ=long``
(``SALESFLOW_FUZZ_EXAMPLES`` sets the examples per test, default 100,000)::

    SALESFLOW_FUZZ=long python -m pytest tests/fuzz -p no:randomly -n 0 -s

In the long run a foreign exception is counted instead of failing at once;
the counts are printed at the end of the session.
"""
