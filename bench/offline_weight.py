"""What working with no signal costs a volunteer's phone: the compressed bytes of the service
worker, the offline layer's script and its two pages, against the 15 KB the service worker and
outbox may add; and the script every page loads, for comparison.

    .venv/bin/python bench/offline_weight.py
"""

import gzip
import tempfile
from pathlib import Path

from icv import ROOT, create_app, demo, migrate

BUDGET = 15 * 1024  # the service worker and the outbox add at most this, compressed


def compressed(data: bytes) -> int:
    return len(gzip.compress(data, 9))


def main():
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite",
                "SECRET_KEY": "bench",
                "WTF_CSRF_ENABLED": False,
            }
        )
        migrate.upgrade(app)
        with app.app_context():
            session = app.extensions["icv.sessionmaker"]()
            demo.load(session)
            session.commit()
            session.close()
        client = app.test_client()
        client.post("/sign-in", data={"email": "volunteer@example.org", "password": demo.PASSWORD})
        pages = {path: client.get(path).get_data() for path in ("/sw.js", "/visits/outbox")}
        phone_page = client.get("/visits/on-this-phone").get_data()
    static = Path(ROOT) / "static"
    added = {
        "service worker (/sw.js)": compressed(pages["/sw.js"]),
        "offline layer (static/offline.js)": compressed((static / "offline.js").read_bytes()),
        "outbox page (/visits/outbox)": compressed(pages["/visits/outbox"]),
    }
    print(f"{'what the offline layer adds':<44}{'bytes gzipped':>14}")
    for label, size in added.items():
        print(f"{label:<44}{size:>14,}")
    total = sum(added.values())
    print(f"{'total':<44}{total:>14,}")
    print(f"budget {BUDGET:,} bytes; ratio {total / BUDGET:.2f}")
    print(f"{'report on the phone (/visits/on-this-phone)':<44}{compressed(phone_page):>14,}")
    core = compressed((static / "icv.js").read_bytes())
    print(f"{'every page script (static/icv.js)':<44}{core:>14,}")


if __name__ == "__main__":
    main()
