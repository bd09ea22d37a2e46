"""The codes of two-step sign-in, as people type them: six digits from an authenticator app
(spaces allowed, "123 456"), or a recovery code (dashes, spaces and capitals allowed)."""

from icv.schemas import Schema
from icv.schemas.fields import Text

# No 0, 1, i, l or o, which read alike; ten of these are about 50 bits.
RECOVERY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
RECOVERY_LENGTH = 10


class Code(Text):
    """A code, read without spaces or dashes and in lower case; six digits, or a recovery code
    where one is taken."""

    default_error_messages = {
        "app_code": "Enter the 6 digits your authenticator app shows, like 123456",
        "any_code": (
            "Enter the 6 digits your authenticator app shows, like 123456, or a recovery code, "
            "like abcde-23456"
        ),
    }

    def __init__(self, *, recovery: bool, **kwargs):
        self.recovery = recovery
        super().__init__("Code", max_length=40, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        code = "".join(super()._deserialize(value, attr, data, **kwargs).split())
        code = code.replace("-", "").lower()
        if len(code) == 6 and code.isascii() and code.isdigit():
            return code
        if not self.recovery:
            raise self.make_error("app_code")
        if len(code) == RECOVERY_LENGTH and set(code) <= set(RECOVERY_ALPHABET):
            return code
        raise self.make_error("any_code")


class SignInCodeSchema(Schema):
    """The second step of signing in."""

    code = Code(
        recovery=True,
        required="Enter the code from your authenticator app, or a recovery code",
    )


class SetUpCodeSchema(Schema):
    """Confirming set-up: a code from the app just set up."""

    code = Code(recovery=False, required="Enter the code from your authenticator app")
