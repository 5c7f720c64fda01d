"""What a run produces, in one vocabulary: `columns` (the names of every results column,
defined once), `reporters` (mesa DataCollector reporters), `tables` (results tables by region,
year and quarter), `measures` (jobs preserved, costs, disparity) and `io` (results folders)."""
