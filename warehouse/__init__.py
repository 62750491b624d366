"""The warehouse: build the marts with dbt, publish them atomically, export them; and the one
module (`warehouse.paths`) that owns every path, file name and environment variable."""
