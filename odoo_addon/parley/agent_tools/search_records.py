"""search_records: rows matching a domain, with the total count, as the acting user."""

from ._common import (DEFAULT_ROWS, MAX_OFFSET, MAX_ROWS, Tool, domain_arg, int_arg, model_of,
                      order_arg, query_guard)
from ._masking import rules_for
from ._serialize import Result, fields_arg


class SearchRecords(Tool):
    name = "search_records"
    risk = "read"
    description = ("Records of a model matching a domain: chosen fields (default: display_name), "
                   "order, limit (at most 200), offset; returns the rows and the total count.")
    allowed_args = frozenset({"model", "domain", "fields", "order", "limit", "offset"})
    required_args = frozenset({"model"})

    def _run(self, env, args):
        model = model_of(env, args["model"])
        model.check_access("read")
        masked = rules_for(env)
        domain = domain_arg(model, args, masked)
        fields, fields_clamped, skipped = fields_arg(model, args, default=["display_name"])
        order = order_arg(model, args, masked=masked)
        limit, _ = int_arg(args, "limit", DEFAULT_ROWS, 1, MAX_ROWS)
        offset, _ = int_arg(args, "offset", 0, 0, MAX_OFFSET)
        with query_guard(env):
            total = model.search_count(domain)
            rows = model.search(domain, offset=offset, limit=limit, order=order).read(fields)
        result = Result()
        records = [result.record(model, row) for row in rows]
        data = {
            "model": model._name,
            "total": total,
            "count": len(records),
            "offset": offset,
            "truncated": offset + len(records) < total or fields_clamped or result.truncated,
            "records": records,
        }
        if skipped:
            data["skipped_fields"] = skipped
        return data


TOOL = SearchRecords()
