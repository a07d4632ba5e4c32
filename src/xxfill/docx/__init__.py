"""Everything OOXML and zip; the only package that imports lxml, zipfile or python-docx.

package: bounded zip reader, the one raw-copy zip writer, format sniffing. stories: flatten and
splice runs. compiled: byte segments for Template.render.
"""
