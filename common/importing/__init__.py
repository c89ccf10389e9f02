"""What every importer shares: reading a CSV or XLSX file as a table (with its size limits),
matching its columns, finding things by the names stewards write, and the import report."""
