"""read_records: given records by id, as the acting user (record rules apply)."""

from ._common import MAX_IDS, Tool, ToolError, model_of, query_guard
from ._serialize import Result, fields_arg


def _ids_arg(args):
    ids = args["ids"]
    if (not isinstance(ids, list) or not ids
            or not all(isinstance(i, int) and not isinstance(i, bool) and i > 0 for i in ids)):
        raise ToolError("validation_error", "'ids' must be a non-empty list of positive integers.")
    ids = list(dict.fromkeys(ids))
    return ids[:MAX_IDS], len(ids) > MAX_IDS


class ReadRecords(Tool):
    name = "read_records"
    risk = "read"
    description = ("Records of a model by id (at most 200): chosen fields, or by default the name "
                   "and up to 30 plain stored fields; ids that do not exist are listed as missing.")
    allowed_args = frozenset({"model", "ids", "fields"})
    required_args = frozenset({"model", "ids"})

    def _run(self, env, args):
        model = model_of(env, args["model"])
        model.check_access("read")
        ids, ids_clamped = _ids_arg(args)
        fields, fields_clamped, skipped = fields_arg(model, args)
        with query_guard(env):
            existing = model.browse(ids).exists()
            # read() raises Odoo's AccessError when a record rule hides one of them: never partial.
            rows = existing.read(fields)
        result = Result()
        records = [result.record(model, row) for row in rows]
        found = set(existing.ids)
        data = {
            "model": model._name,
            "records": records,
            "missing": [i for i in ids if i not in found],
            "truncated": ids_clamped or fields_clamped or result.truncated,
        }
        if skipped:
            data["skipped_fields"] = skipped
        return data


TOOL = ReadRecords()
