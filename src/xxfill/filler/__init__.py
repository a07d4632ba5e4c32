"""Stage fill: apply a Plan to a Source, shared by fill() and Template.render().

FillResult and its report; the compiled template.
"""
