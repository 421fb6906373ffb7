"""The PDF reports: engagement summary, call sheet, organisation summary, overview; charts."""
