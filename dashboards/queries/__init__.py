"""The SQL of the dashboards, one module per page, on the published marts (dashboards.db)."""
