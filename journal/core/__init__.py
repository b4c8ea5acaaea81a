"""The pure core: days, rules, summaries and texts over plain facts; no I/O."""
