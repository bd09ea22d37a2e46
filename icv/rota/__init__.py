"""The rota: the coordinator plans, publishes and changes a quarter's pairs and reads the
coverage grid (views); a volunteer sees their own planned visits and swaps one (mine)."""

from flask import Blueprint

bp = Blueprint("rota", __name__)

from icv.rota import mine, views  # noqa: E402, F401
