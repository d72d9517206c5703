"""Library errors. The CLI turns every `CleanerError` into one clear line and a non-zero exit."""


class CleanerError(Exception):
    """Base class: the message is a complete, user-facing sentence fragment."""


class DecodeError(CleanerError):
    """Bytes that cannot be decoded to text without mojibake."""


class ExtractionError(CleanerError):
    """HTML that could not be turned into article text."""


class RuleError(CleanerError):
    """A rule pack that is malformed (bad TOML, missing field, invalid pattern)."""


class InputError(CleanerError):
    """An input file that cannot be read or exceeds a configured limit."""
