"""Pieces every page shares, one module per concern: the sidebar filters (sidebar), the page frame
(frame), numbers (numbers), tables and downloads (tables), quotes in the report text (quotes).
Pages call them as `ui.<name>`."""
from dashboards.ui.frame import chart, chart_if, empty_state, metrics, nothing, page, year_or_default
from dashboards.ui.numbers import num, pct, pct_value, wan
from dashboards.ui.quotes import flag_with_quotes, locate, quote_in_context, text_with_marks
from dashboards.ui.sidebar import describe, filter_params, filters, sidebar_filters
from dashboards.ui.tables import REPORT_PAGE, report_url, table, to_csv, to_excel

__all__ = ["REPORT_PAGE", "chart", "chart_if", "describe", "empty_state", "filter_params", "filters",
           "flag_with_quotes", "locate", "metrics", "nothing", "num", "page", "pct", "pct_value",
           "quote_in_context", "report_url", "sidebar_filters", "table", "text_with_marks", "to_csv", "to_excel",
           "wan", "year_or_default"]
