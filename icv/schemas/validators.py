"""Rules about one value, for a field's `validate`: each raises with its own message."""

from collections.abc import Callable
from datetime import date

from marshmallow import ValidationError

from icv import clock


def not_after_today(message: str) -> Callable[[date], None]:
    def check(day: date):
        if day > clock.today():
            raise ValidationError(message.format(input=day.isoformat()))

    return check


def not_before_today(message: str) -> Callable[[date], None]:
    def check(day: date):
        if day < clock.today():
            raise ValidationError(message.format(input=day.isoformat()))

    return check


def not_before(earliest: date, message: str) -> Callable[[date], None]:
    def check(day: date):
        if day < earliest:
            raise ValidationError(message.format(input=day.isoformat()))

    return check
