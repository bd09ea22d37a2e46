"""icv: the web app an Independent Custody Visiting scheme runs on."""

from pathlib import Path

from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter
from whitenoise import WhiteNoise

from icv import access, compression, config, db, held_posts, invitation_links, security
from icv.extensions import csrf, init_limiter, login_manager
from icv.unit_of_work import App

ROOT = Path(__file__).resolve().parent.parent


class BoundedIntegerConverter(IntegerConverter):
    """<int:…> in a URL, never more than a database integer holds: /issues/99999999999999999999
    is a page not found, not a database error."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, *args, **kwargs)


def create_app(test_config=None) -> App:
    app = App(
        __name__,
        instance_relative_config=True,
        static_folder=None,  # WhiteNoise serves /static/, compressed and cached
        template_folder=str(ROOT / "templates"),
    )
    config.load(app, test_config)
    invitation_links.init_app(app)  # before anything can log a link
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(ROOT / "templates")),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    db.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    init_limiter(app)
    WTFormsHelpers(app)
    security.init_app(app)
    compression.init_app(app)
    access.init_app(app)
    held_posts.init_app(app)

    from icv import (
        admin,
        auth,
        force,
        home,
        issues,
        offline,
        records,
        review,
        rota,
        statistics,
        templating,
        visits,
    )

    templating.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(auth.two_step.bp)
    app.register_blueprint(home.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(statistics.bp)
    app.register_blueprint(visits.bp)
    app.register_blueprint(review.bp)
    app.register_blueprint(force.bp)
    app.register_blueprint(issues.bp)
    app.register_blueprint(offline.bp)
    app.register_blueprint(rota.bp)
    app.register_blueprint(records.bp)

    from icv import api

    api.init_app(app)

    from icv.cli import register_commands

    register_commands(app)

    if app.config["PROXY_HOPS"]:
        # Behind a reverse proxy the client's address and scheme come from its headers, so
        # sign-in throttling and HSTS see the person, not the proxy.
        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    app.wsgi_app = WhiteNoise(
        app.wsgi_app,
        root=str(ROOT / "static"),
        prefix="static/",
        max_age=31536000,
        add_headers_function=security.add_static_headers,
    )
    return app
