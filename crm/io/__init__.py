"""Import and export: CSV and XLSX files, whole-database export, backup and restore."""
