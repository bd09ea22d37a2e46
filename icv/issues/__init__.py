"""Issues after the visit: the coordinator refers them to the force and closes them, the force
answers them, the volunteers who raised them follow what happened."""

from flask import Blueprint

bp = Blueprint("issues", __name__, url_prefix="/issues")

from icv.issues import views  # noqa: E402, F401
