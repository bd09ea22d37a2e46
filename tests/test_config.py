"""Settings come from defaults, then ICV_* variables; with none, SQLite in the instance folder."""

import stat

from flask import Flask

from icv import config


def fresh_app(tmp_path):
    return Flask("icv_settings_test", instance_path=str(tmp_path / "instance"))


def test_with_nothing_set_icv_uses_sqlite_and_a_key_made_once_in_the_instance_folder(
    tmp_path, monkeypatch
):
    for name in ("ICV_DATABASE_URL", "ICV_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    first = fresh_app(tmp_path)
    config.load(first)
    key_file = tmp_path / "instance" / "secret_key"
    assert first.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'instance' / 'icv.sqlite'}"
    assert len(first.config["SECRET_KEY"]) == 64
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    second = fresh_app(tmp_path)
    config.load(second)
    assert second.config["SECRET_KEY"] == first.config["SECRET_KEY"]


def test_icv_environment_variables_override_the_defaults(tmp_path, monkeypatch):
    monkeypatch.setenv("ICV_DATABASE_URL", "postgresql+psycopg://db.example/icv")
    monkeypatch.setenv("ICV_SECRET_KEY", "from the environment")
    monkeypatch.setenv("ICV_SESSION_IDLE_MINUTES", "10")
    monkeypatch.setenv("ICV_VOLUNTEER_IDLE_MINUTES", "120")
    monkeypatch.setenv("ICV_SESSION_COOKIE_SECURE", "true")
    app = fresh_app(tmp_path)
    config.load(app)
    assert app.config["DATABASE_URL"] == "postgresql+psycopg://db.example/icv"
    assert app.config["SECRET_KEY"] == "from the environment"
    assert app.config["SESSION_IDLE_MINUTES"] == 10
    assert app.config["VOLUNTEER_IDLE_MINUTES"] == 120
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert not (tmp_path / "instance" / "secret_key").exists()


def test_test_settings_win_over_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("ICV_SECRET_KEY", "from the environment")
    app = fresh_app(tmp_path)
    config.load(app, {"SECRET_KEY": "from the test", "DATABASE_URL": "sqlite://"})
    assert app.config["SECRET_KEY"] == "from the test"
