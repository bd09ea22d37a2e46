"""Volunteers' records: the coordinator keeps each volunteer's dates (joined, left, vetting,
training, probation, term), the meetings and training days they attended, and the dates they
cannot visit; a volunteer adds and removes their own dates unavailable."""

from flask import Blueprint

bp = Blueprint("records", __name__)

from icv.records import views  # noqa: E402, F401
