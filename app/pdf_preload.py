"""Imported by the PDF fork server: loads WeasyPrint and parses the report stylesheet once."""
from .pdf import assets

assets()
