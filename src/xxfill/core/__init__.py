"""Values that cross stages and the one message type: imports no other xxfill package.

Options, limits, placeholders, edits, part texts (model); messages and exceptions (errors).
"""
