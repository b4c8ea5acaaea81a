"""Charts and the PDF report, drawn from computed data only."""
