"""The fields every schema is made of, each reading input as people and programs send it.

A form sends text; the API sends JSON. Each field takes both: a blank box is no answer, a date
comes as 2017-03-27 or as the three boxes of a GOV.UK date [day, month, year], a time as 14:05
(or 14.05, 1405). `required` is the message for no answer; each field's other messages are
written for the person, and may quote what was typed as {input}.
"""

import re
from datetime import date, datetime, time

from marshmallow import ValidationError, fields

from icv import periods

# The largest id a database integer column holds everywhere.
MAX_ID = 2**31 - 1
# PostgreSQL refuses text holding NUL, no person types the other control characters, and half
# a character (a lone surrogate, which only a broken program sends) cannot be stored at all.
UNTYPABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


class Answer(fields.Field):
    """A field whose blank answer (None, "" or spaces) means no answer: refused with the
    `required` message when one is required, else loaded as None."""

    spaces_are_blank = True

    def __init__(self, *args, required: str | None = None, invalid: str | None = None, **kwargs):
        messages = dict(kwargs.pop("error_messages", None) or {})
        if required:
            messages.update(required=required, null=required)
            kwargs.update(required=True)
        else:
            kwargs.setdefault("load_default", None)
            kwargs.update(allow_none=True)
        if invalid:
            messages.update(invalid=invalid)
        super().__init__(*args, error_messages=messages, **kwargs)

    def deserialize(self, value, attr=None, data=None, **kwargs):
        if _blank(value) if self.spaces_are_blank else value == "":
            value = None
        return super().deserialize(value, attr, data, **kwargs)

    def fail(self, key: str, value=None) -> ValidationError:
        """The message `key`, with the input quoted where the message asks for it."""
        return self.make_error(key, input=_shown(value))

    def make_error(self, key: str, **kwargs) -> ValidationError:
        # A placeholder this field cannot fill ({number}, the row a message is about) is left
        # for the list of rows to fill in.
        return ValidationError(self.error_messages[key].format_map(_Keep(kwargs)))


class _Keep(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def _blank(value) -> bool:
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, str) for v in value):
        return all(not v.strip() for v in value)  # a date's three empty boxes
    return False


def _shown(value) -> str:
    """What was typed, to quote in a message: never more than 40 characters of it."""
    if isinstance(value, (list, tuple)):
        value = " ".join(map(str, value))
    return ("" if value is None else str(value)).strip()[:40]


class Text(Answer, fields.String):
    """Words, stripped of surrounding spaces, at most `max_length` characters; with
    `one_line`, a name that goes into e-mail subjects and headings, no line break."""

    default_error_messages = {
        "invalid": "Enter text",
        "too_long": "{label} must be {max_length:,} characters or fewer",
        "untypable": "{label} must not contain control characters or broken characters",
        "line_break": "{label} must be on one line",
    }

    def __init__(self, label: str, *, max_length: int, one_line: bool = False, **kwargs):
        self.label, self.max_length, self.one_line = label, max_length, one_line
        metadata = {"maxLength": max_length, **kwargs.pop("metadata", {})}
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        text = super()._deserialize(value, attr, data, **kwargs).strip()
        if self.one_line and len(text.splitlines()) > 1:
            raise self.make_error("line_break", label=self.label)
        if UNTYPABLE.search(text):
            raise self.make_error("untypable", label=self.label)
        if len(text) > self.max_length:
            raise self.make_error("too_long", label=self.label, max_length=self.max_length)
        return text


class Secret(Answer, fields.String):
    """A password: kept exactly as typed, spaces and all; at most 128 characters."""

    spaces_are_blank = False
    default_error_messages = {"too_long": "Password must be 128 characters or fewer"}

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if len(text) > 128:
            raise self.make_error("too_long")
        return text


class Choice(Answer, fields.Enum):
    """One of an enum's values; anything else is refused with the `invalid` message (by
    default the `required` one: "Select …" says what to do either way)."""

    def __init__(self, enum, **kwargs):
        kwargs.setdefault("invalid", kwargs.get("required"))
        super().__init__(enum, by_value=True, **kwargs)
        if self.error_messages.get("invalid"):
            self.error_messages["unknown"] = self.error_messages["invalid"]

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str) and value in self.values:
            return self.enum(value)
        raise self.make_error("unknown", choices=self.choices_text, input=_shown(str(value)))

    @property
    def values(self) -> set[str]:
        return {member.value for member in self.enum}


class Id(Answer, fields.Integer):
    """The id of a record: a whole number a database column holds, typed or sent as JSON."""

    default_error_messages = {"invalid": "Select one from the list"}

    def __init__(self, **kwargs):
        kwargs.setdefault("invalid", kwargs.get("required"))  # "Select …" says it either way
        metadata = {"minimum": 1, "maximum": MAX_ID, **kwargs.pop("metadata", {})}
        super().__init__(strict=False, metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> int:
        text = str(value).strip() if isinstance(value, (str, int)) else ""
        if isinstance(value, bool) or not (text.isascii() and text.isdigit()):
            raise self.fail("invalid", value)
        if len(text) > 10 or not 1 <= int(text) <= MAX_ID:
            raise self.fail("invalid", value)
        return int(text)


class WholeNumber(Answer, fields.Integer):
    """A count of 0 or more, typed as people write it ("13168" or "13,168") or sent as JSON."""

    default_error_messages = {
        "invalid": "Enter a whole number, 0 or more",
        "too_large": "Enter a whole number from 0 to {most:,}",
    }

    def __init__(self, *, most: int, **kwargs):
        self.most = most
        super().__init__(strict=False, metadata={"minimum": 0, "maximum": most}, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> int:
        if isinstance(value, bool):
            raise self.fail("invalid", value)
        text = value.strip() if isinstance(value, str) else value
        if isinstance(text, str) and re.fullmatch(r"\d{1,3}(,\d{3})+", text):
            text = text.replace(",", "")  # 13,168: commas between thousands only
        if isinstance(text, int):
            number = text
        elif isinstance(text, str) and text.isascii() and text.isdigit():
            number = int(text) if len(text) <= 12 else self.most + 1
        else:
            raise self.fail("invalid", value)
        if number < 0:
            raise self.fail("invalid", value)
        if number > self.most:
            raise self.make_error("too_large", most=self.most, input=_shown(str(value)))
        return number


class Flag(fields.Boolean):
    """A tick box: ticked or not (a form sends "y" when ticked and nothing when not)."""

    default_error_messages = {"invalid": "Tick the box, or leave it empty: send true or false"}

    def __init__(self, **kwargs):
        super().__init__(load_default=False, **kwargs)

    def deserialize(self, value, attr=None, data=None, **kwargs):
        return super().deserialize(False if value in (None, "") else value, attr, data, **kwargs)


class Day(Answer, fields.Date):
    """A date: 2017-03-27 from the API or a CSV file, or a form's three boxes [27, 3, 2017]."""

    default_error_messages = {
        "invalid": "Enter a real date",
        "year": "The year must have 4 numbers, for example 2017",
        "era": "Enter a year from 1900 to 2999",
    }

    def _deserialize(self, value, attr, data, **kwargs) -> date:
        try:
            if isinstance(value, (list, tuple)) and len(value) == 3:
                day, month, year = (int(str(part).strip()) for part in value)
            elif isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
                parsed = datetime.strptime(value.strip(), "%Y-%m-%d")
                day, month, year = parsed.day, parsed.month, parsed.year
            else:
                raise ValueError(value)
            if not 0 < year < 10000:
                raise ValueError(year)
            if year < 1000:
                raise self.fail("year", value)
            if not 1900 <= year <= 2999:
                raise self.fail("era", value)
            return date(year, month, day)
        except (ValueError, TypeError, OverflowError) as error:
            raise self.fail("invalid", value) from error


class TimeOfDay(Answer, fields.String):
    """A time of day as a person types it: 14:05, 14.05, 1405 or 9:5; sent back as 14:05."""

    default_error_messages = {"invalid": "Enter a time like 14:05"}

    def __init__(self, **kwargs):
        super().__init__(metadata={"example": "14:05"}, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> time:
        text = value.strip().replace(".", ":") if isinstance(value, str) else ""
        match = re.fullmatch(r"(\d{1,2}):?(\d{2})", text) or re.fullmatch(r"(\d{1,2}):(\d)", text)
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise self.fail("invalid", value)
        return time(int(match[1]), int(match[2]))

    def _serialize(self, value, attr, obj, **kwargs):
        return value.strftime("%H:%M") if value is not None else None


class Rows(fields.List):
    """A list of rows (detainees, issues), each checked by its schema, at most `most` of them.
    A row sent as null (left empty on the page) is left out, but counted: a message names its
    row by number as the person counts them, "Describe the reason for detainee {number}"."""

    def __init__(self, schema, *, most: int, noun: str, **kwargs):
        self.most = most
        not_a_list = f"Send the {noun}s as a list"
        super().__init__(
            fields.Nested(schema, allow_none=True),
            load_default=list,
            metadata={"maxItems": most},
            error_messages={
                "invalid": not_a_list,
                "null": not_a_list,
                "too_many": f"A report can list at most {most} {noun}s",
            },
            **kwargs,
        )

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, list) and len(value) > self.most:
            raise self.make_error("too_many")
        try:
            rows = super()._deserialize(value, attr, data, **kwargs)
        except ValidationError as error:
            if not isinstance(error.messages, dict):
                raise
            numbered = {
                index: _numbered(messages, index + 1) for index, messages in error.messages.items()
            }
            raise ValidationError(numbered) from error
        return [row for row in rows if row is not None]


def _numbered(messages, number: int):
    if isinstance(messages, dict):
        return {key: _numbered(value, number) for key, value in messages.items()}
    if isinstance(messages, list):
        return [_numbered(message, number) for message in messages]
    return messages.replace("{number}", str(number)) if isinstance(messages, str) else messages


class PeriodField(Answer, fields.String):
    """A financial year (2016/17), a quarter (2016/17 Q3) or a range of dates; `kinds` limits
    which. Loaded as an icv.periods.Period."""

    default_error_messages = {
        "kind": "Enter a financial year like 2016/17, or a quarter like 2016/17 Q3"
    }

    def __init__(self, kinds=("year", "quarter", "range"), **kwargs):
        self.kinds = kinds
        super().__init__(metadata={"example": "2016/17 Q3"}, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            period = periods.parse(value if isinstance(value, str) else "")
        except periods.PeriodError as error:
            raise ValidationError(str(error)) from error
        if period.kind not in self.kinds:
            raise self.make_error("kind")
        return period

    def _serialize(self, value, attr, obj, **kwargs):
        return value.key if value is not None else None


class Upload(Answer, fields.Raw):
    """A file sent with a form (a werkzeug FileStorage)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not hasattr(value, "read") or not getattr(value, "filename", ""):
            raise self.make_error("required")
        return value
