"""describe_model: the fields the user may read, and the user's access rights on the model."""

from ._common import Tool, model_of

MAX_DESCRIBED_FIELDS = 300
MAX_HELP = 300
MAX_SELECTION = 50
_ATTRIBUTES = ["type", "string", "relation", "selection", "help", "required", "readonly"]
_OPERATIONS = ("read", "write", "create", "unlink")


class DescribeModel(Tool):
    name = "describe_model"
    risk = "read"
    description = "Fields of a model (type, relation, selection, help) and the user's access rights."
    allowed_args = frozenset({"model"})
    required_args = frozenset({"model"})

    def _run(self, env, args):
        model = model_of(env, args["model"])
        model.check_access("read")  # Odoo's own AccessError when the user cannot read the model
        # fields_get as the user leaves out fields restricted to groups the user is not in.
        described = model.fields_get(attributes=_ATTRIBUTES)
        truncated = len(described) > MAX_DESCRIBED_FIELDS
        fields = []
        for name, info in list(described.items())[:MAX_DESCRIBED_FIELDS]:
            entry = {"name": name, "type": info["type"], "string": info.get("string") or name,
                     "required": bool(info.get("required")), "readonly": bool(info.get("readonly"))}
            if info.get("relation"):
                entry["relation"] = info["relation"]
            if info.get("selection"):
                selection = [list(option) for option in info["selection"]]
                entry["selection"] = selection[:MAX_SELECTION]
                if len(selection) > MAX_SELECTION:  # e.g. time zones: the field list itself is whole
                    entry["selection_truncated"] = True
            if info.get("help"):
                help_text = str(info["help"])
                entry["help"] = help_text if len(help_text) <= MAX_HELP else help_text[:MAX_HELP] + "…"
            fields.append(entry)
        return {
            "model": model._name,
            "name": model._description or model._name,
            "access": {operation: model.has_access(operation) for operation in _OPERATIONS},
            "fields": fields,
            "truncated": truncated,
        }


TOOL = DescribeModel()
