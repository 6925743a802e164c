"""Rendering: the report context, its HTML, charts, the PDF, Markdown and the exports."""
