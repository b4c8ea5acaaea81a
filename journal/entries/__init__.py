"""Reading and writing diary entries inside a transaction."""
