"""Signing in and out, and accepting an invitation to set a password."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from icv.auth import views  # noqa: E402, F401
