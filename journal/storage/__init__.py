"""Where the journal lives: engine, models, migrations, backups."""
