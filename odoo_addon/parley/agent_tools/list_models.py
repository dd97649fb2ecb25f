"""list_models: the models the user can read, filtered by a keyword."""

from ._common import Tool, ToolError

MAX_MODELS = 100
MAX_KEYWORD = 100


class ListModels(Tool):
    name = "list_models"
    risk = "read"
    description = "Models the user can read, filtered by a keyword matched against the model and its name."
    allowed_args = frozenset({"keyword"})

    def _run(self, env, args):
        keyword = args.get("keyword") or ""
        if not isinstance(keyword, str) or len(keyword) > MAX_KEYWORD:
            raise ToolError("validation_error", f"'keyword' must be a string of at most {MAX_KEYWORD} characters.")
        words = keyword.lower().split()
        models = []
        for name in sorted(env.registry):
            model = env[name]
            if model._abstract or model._transient:
                continue
            label = model._description or name
            haystack = f"{name} {label}".lower()
            if not all(word in haystack for word in words):
                continue
            if model.has_access("read"):  # model-level ACL of the acting user
                models.append({"model": name, "name": label})
        return {"models": models[:MAX_MODELS], "truncated": len(models) > MAX_MODELS}


TOOL = ListModels()
