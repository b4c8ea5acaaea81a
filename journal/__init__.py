"""headache-journal: a local-first diary for headaches that linger into the next day."""

__version__ = "0.1.0"
