"""Pages and API answers compressed when icv serves them itself (Flask-Compress: zstd,
Brotli or gzip, whichever the browser takes first). Files under /static/ are WhiteNoise's,
compressed once at build time.

A compressed page that holds a secret (the CSRF token) and something a stranger chose (a
query parameter shown back) can leak the secret through its length, if the stranger can make
the person's browser ask for it many times and watch the encrypted sizes (BREACH). So a page
asked for from another site (`Sec-Fetch-Site: cross-site` or `same-site`, which every current
browser sends) is answered uncompressed: only a person's own navigation on icv, a bookmark or
an address typed in gets a compressed page. The session cookie is SameSite=Lax besides, so
another site's scripts cannot ask with it at all.
"""

from flask import request
from flask_compress import Compress

compress = Compress()

# What a browser says about who asked: these may be compressed (absent: an older browser or a
# program, which no other site can drive).
OWN_REQUESTS = {None, "same-origin", "none"}


def init_app(app):
    app.config.update(
        COMPRESS_REGISTER=False,  # compressed only by compress_own, below
        COMPRESS_MIMETYPES=["text/html", "application/json", "text/csv"],
        COMPRESS_STREAMS=False,
        COMPRESS_MIN_SIZE=500,
    )
    compress.init_app(app)
    if app.config["COMPRESS_PAGES"]:
        app.after_request(compress_own)


def compress_own(response):
    if request.headers.get("Sec-Fetch-Site") in OWN_REQUESTS:
        return compress.after_request(response)
    response.vary.add("Accept-Encoding")
    return response
