"""The core's own exceptions. Each message says what went wrong, where, and what to do next,
so the CLI and the app can show it as it is (never a traceback)."""


class RecoveryGraphError(Exception):
    """Base class: anything the user can act on."""


class DataFileError(RecoveryGraphError):
    """A data file could not be read or parsed; names the file and line."""

    def __init__(self, path, message, line=None, column=None):
        self.path, self.line, self.column = str(path), line, column
        where = self.path if line is None else f"{self.path}:{line}" + (f":{column}" if column else "")
        super().__init__(f"{where}: {message}")


class ValidationFailed(RecoveryGraphError):
    """The graph breaks one or more integrity rules of data/shapes.ttl."""

    def __init__(self, violations):
        self.violations = list(violations)
        super().__init__(
            f"The graph breaks {len(self.violations)} integrity rule(s); "
            "run `recovery-graph validate` to list them with their files."
        )


class QueryError(RecoveryGraphError):
    """A query is unknown, malformed, refused, or got a bad parameter."""

    def __init__(self, message, line=None, column=None):
        self.line, self.column = line, column
        super().__init__(message)


class StoreError(RecoveryGraphError):
    """The store cannot be opened or reached."""


class DocumentError(RecoveryGraphError):
    """A document given to the extractor cannot be used (empty, binary, not UTF-8, too large, no
    shape); the message names the file and says what to do."""

    def __init__(self, path, message):
        self.path = str(path)
        super().__init__(f"{self.path}: {message}")


class OverlayError(RecoveryGraphError):
    """The user overlay cannot be changed as asked; nothing was written."""


class NetworkError(RecoveryGraphError):
    """A network view cannot be drawn as asked (unknown focus, depth out of range, bad filter)."""
