"""The project's exception hierarchy. Messages are shown to users as they are: say what to do next."""


class WorkbenchError(Exception):
    """Base class of every error the workbench reports to a user."""


class DatabaseBusy(WorkbenchError):
    """The database file stayed locked by another process for longer than the retry budget."""


class SchemaError(WorkbenchError):
    """The database schema is missing, newer than this code, or could not be migrated."""


class InputError(WorkbenchError):
    """A record or file given by the user is malformed; `where` says FILE:LINE when known."""

    def __init__(self, message: str, where: str | None = None) -> None:
        super().__init__(f"{where}: {message}" if where else message)
        self.reason = message
        self.where = where


class PermissionDenied(WorkbenchError):
    """The signed-in user's role does not allow the change asked for; nothing was changed."""


class NotFound(WorkbenchError):
    """A claim, mention, actor or saved query that was asked for does not exist."""


class SQLRefused(WorkbenchError):
    """An ad-hoc SQL statement was refused by the sandbox (not read-only, several statements...)."""


class QueryTimeout(WorkbenchError):
    """An ad-hoc SQL query ran past its time limit and was stopped."""
