"""Imported by the PDF fork server: loads WeasyPrint and parses the report stylesheet once."""
import gc

from app.report.pdf import assets

assets()
# What the fork server loaded lives as long as it does: keep it out of the children's collections.
gc.freeze()
