"""Views: notebook HTML for scans, groups, fill results and messages.

Imports only xxfill.core; receives what it shows as arguments.
"""
