"""Views: notebook HTML for scans, groups, fill results and messages.

Imports only xxfill.core; receives what it shows as arguments.
"""

from xxfill.core.errors import register_html_view
from xxfill.display.html import fill_html, filled_spans, groups_html, problems_html, scan_html
from xxfill.display.preview import Preview

register_html_view("ValidationError", problems_html)

__all__ = ["Preview", "fill_html", "filled_spans", "groups_html", "problems_html", "scan_html"]
