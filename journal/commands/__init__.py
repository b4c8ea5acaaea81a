"""The click commands, one module per area; cli.py assembles them into `journal`."""
