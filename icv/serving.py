"""How `icv serve` runs waitress: enough connections that idle ones cannot shut everyone out,
and, behind a proxy, the proxy's headers passed on to ProxyFix (icv/__init__.py)."""

import logging
import resource

# Idle keep-alive connections are closed after this long, so a phone that went into a pocket
# or a client that opens connections and says nothing cannot hold a place for long.
IDLE_SECONDS = 30
# Room for many more than a scheme's people at once, so that holding every place takes one
# stranger thousands of connections; past that, a proxy in front limits connections per
# address (docs/deploy.md). poll(), not select(), which fails past 1,024 open files.
CONNECTIONS = 10_000
SPARE_FILES = 64  # for the database, logs and the files WhiteNoise serves


def waitress_settings(config) -> dict:
    """Keyword arguments for waitress.serve, from the app's settings."""
    settings = {
        "connection_limit": _connection_limit(),
        "channel_timeout": IDLE_SECONDS,
        "cleanup_interval": 10,
        "asyncore_use_poll": True,
        "ident": "icv",
    }
    if config["PROXY_HOPS"]:
        # waitress drops X-Forwarded-* unless told to keep them; ProxyFix then trusts only
        # the last ICV_PROXY_HOPS of them, the ones our own proxies added.
        settings["clear_untrusted_proxy_headers"] = False
    return settings


def _connection_limit() -> int:
    """As many connections as CONNECTIONS, or as the process may open files for: each
    connection is one. The soft limit is raised to the hard one first (Debian's soft 1,024)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard > soft:
        wanted = CONNECTIONS + SPARE_FILES
        raised = wanted if hard == resource.RLIM_INFINITY else min(hard, max(soft, wanted))
        if raised > soft:
            resource.setrlimit(resource.RLIMIT_NOFILE, (raised, hard))
            soft = raised
    return max(100, min(CONNECTIONS, soft - SPARE_FILES))


def quiet_queue_warnings():
    """waitress warns at every request that waits for a thread ("Task queue depth is 2"):
    under load that is a line a request, written while everyone waits, for what is no fault."""
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
