"""Customer-success maturity wizard.

Layers: `core` (pure domain), `assessments` (the one service) and `access` (the one gate), `report`
(rendering), `store` (persistence), `web` (one package per blueprint). Importing the package loads
no Flask, so the core can be used on its own; `create_app` builds the web app.
"""


def create_app(test_config: dict | None = None):
    """Build the Flask app (see app.factory)."""
    from app.factory import create_app as build

    return build(test_config)
