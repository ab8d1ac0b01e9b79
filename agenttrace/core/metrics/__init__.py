"""OTLP metrics as time series: storing points (deltas from cumulative streams), the
series read, and the retention delete."""
