"""Export and import: the JSON document, CSV files, FHIR, checks and merge."""
