"""The base of every agent tool: the Tool class and the error the model reads (ToolError)."""

from odoo import SUPERUSER_ID


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
