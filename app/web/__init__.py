"""The web layer: one package per blueprint, each with its views and forms."""
