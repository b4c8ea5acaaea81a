"""Plain-text views of records and summaries for the terminal."""
