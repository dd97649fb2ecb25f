"""The base of every agent tool: the Tool class and the error the model reads (ToolError)."""

import logging

from odoo import SUPERUSER_ID
from odoo.exceptions import AccessError, UserError, ValidationError

_logger = logging.getLogger(__name__)


class ToolError(Exception):
    """A refusal the model can read and act on: bad arguments, unknown model, …

    ``code`` is one of the stable codes of docs/wire.md §0 (``validation_error``, ``not_found``).
    """

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


class Tool:
    """One agent tool. Subclasses set ``name``, ``risk``, ``description`` and implement ``_run``."""

    name = None
    risk = None  # 'read' | 'render' | 'write' | 'destructive' (lib/policy.TOOL_CATALOGUE agrees)
    description = ""
    allowed_args = frozenset()
    required_args = frozenset()

    def run(self, env, args):
        # Tools act as the signed-in user, never as superuser: refuse before touching anything.
        if env.su or env.uid == SUPERUSER_ID:
            raise AssertionError("Parley tools never run as superuser")
        if not isinstance(args, dict):
            raise ToolError("validation_error", "The arguments must be a JSON object.")
        # A top-level null means "not given", as models often send it for optional arguments.
        args = {key: value for key, value in args.items() if value is not None}
        unknown = sorted(set(args) - self.allowed_args)
        if unknown:
            raise ToolError("validation_error",
                            f"Unknown argument(s) {', '.join(map(repr, unknown))} for {self.name}; "
                            f"allowed: {', '.join(sorted(self.allowed_args))}.")
        missing = sorted(self.required_args - set(args))
        if missing:
            raise ToolError("validation_error", f"Missing argument(s) {', '.join(missing)} for {self.name}.")
        return self._run(env, args)

    def _run(self, env, args):
        raise NotImplementedError


def error_of(error):
    """(code, message) for a failure the model (or an approval card) may read: Odoo's own message
    for the errors a user would see in Odoo, nothing internal otherwise."""
    if isinstance(error, ToolError):
        return error.code, error.message
    text = str(error.args[0]) if getattr(error, 'args', None) else str(error)
    if isinstance(error, AccessError):
        return 'access_denied', text
    if isinstance(error, ValidationError):
        return 'validation_error', text
    if isinstance(error, UserError):
        return 'user_error', text
    _logger.exception('Parley: tool failed unexpectedly')
    return 'internal_error', 'The tool failed unexpectedly; the error was logged in Odoo.'
