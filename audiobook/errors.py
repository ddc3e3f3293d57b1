"""The one user-error type: the CLI prints it as a single `Error: ...` line."""


class AudiobookError(Exception):
    """A problem the user can fix: bad input, a missing tool, a wrong setting."""


class ConfigError(AudiobookError):
    """A config or voice file that cannot be used as written."""


class EngineError(AudiobookError):
    """A speech engine that is missing, or a clip it could not produce."""
