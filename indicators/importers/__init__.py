"""Reading, mapping and writing the tables stewards exchange (CSV and XLSX).

This package only turns files into checked rows and rows into files; the writes to the
database are in ``indicators.services``.
"""

from common.importing.base import ImportFileError, RowError, Table
from common.importing.readers import read_table, table_from_rows

__all__ = ["ImportFileError", "RowError", "Table", "read_table", "table_from_rows"]
