"""Statistics for the Strategic Assurance Board: periods, SQL aggregates, the narrative, and
the exports (CSV, XLSX, JSON, printable HTML) that all show the same figures."""
