"""The one user-error type: the CLI prints it as a single `Error: ...` line."""


class AudiobookError(Exception):
    """A problem the user can fix: bad input, a missing tool, a wrong setting."""


class ConfigError(AudiobookError):
    """A config or voice file that cannot be used as written."""


class EngineError(AudiobookError):
    """A speech engine that is missing, or a clip it could not produce."""


class InputWarning(UserWarning):
    """Something in the input that was mended, not refused (control bytes dropped): the CLI prints
    it as one `Warning: ...` line."""


class Stopped(BaseException):
    """A render stopped by a signal (Ctrl-C, SIGTERM, SIGHUP): not an error, and not to be caught
    by `except Exception`, so that every `finally` and `with` on the way out runs."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
        """The signal's number; the process exits with 128 plus it."""
