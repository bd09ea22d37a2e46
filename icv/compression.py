"""Pages and API answers compressed when icv serves them itself (Flask-Compress: zstd,
Brotli or gzip, whichever the browser takes first). Files under /static/ are WhiteNoise's,
compressed once at build time.

A compressed page that holds a secret (the CSRF token) and something a stranger chose (a
query parameter shown back) can leak the secret through its length, if the stranger can make
the person's browser ask for it many times and watch the encrypted sizes (BREACH). So only a
request the browser says came from icv itself is answered compressed: `Sec-Fetch-Site:
same-origin` (a person's own navigation and the pages' scripts) or `none` (a bookmark, an
address typed in). A page another site asked for (`cross-site`, `same-site`) is not, nor is
anything asked without the header (a browser too old to send it, whose requests another site
could drive, or a program, which does not need it). The session cookie is SameSite=Lax
besides, so another site's scripts cannot ask with it at all.
"""

import hashlib

from flask import g, request
from flask_compress import Compress

from icv.kept import Kept

compress = Compress()

# What a browser says about who asked: only these are compressed.
OWN_REQUESTS = {"same-origin", "none"}


def init_app(app):
    app.config.update(
        COMPRESS_REGISTER=False,  # compressed only by compress_own, below
        COMPRESS_MIMETYPES=["text/html", "application/json", "text/csv"],
        COMPRESS_STREAMS=False,
        # No page carries an ETag to answer 304 by (the API's is for If-Match on a change).
        COMPRESS_EVALUATE_CONDITIONAL_REQUEST=False,
        # A body compressed before is not compressed again (a volunteer's home, kept by
        # icv.kept, is the same body until its rows change): Brotli costs as much as the page.
        COMPRESS_CACHE_BACKEND=lambda: Kept(entries=1_000, size=8 * 1024 * 1024),
        COMPRESS_CACHE_KEY=_body_key,
    )
    compress.init_app(app)
    if app.config["COMPRESS_PAGES"]:
        app.after_request(compress_own)


def compress_own(response):
    if request.headers.get("Sec-Fetch-Site") in OWN_REQUESTS:
        g.icv_compressing = response
        return compress.after_request(response)
    response.vary.add("Accept-Encoding")
    return response


def _body_key(_request) -> str:
    """The cache key of a body Flask-Compress is about to compress: its digest."""
    return hashlib.blake2b(g.icv_compressing.get_data(), digest_size=16).hexdigest()
