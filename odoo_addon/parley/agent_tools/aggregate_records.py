"""aggregate_records: read_group as the acting user — group-by, measures, domain."""

import re

from odoo.models import READ_GROUP_ALL_TIME_GRANULARITY

from ._common import (DEFAULT_GROUPS, MAX_GROUPS, Tool, ToolError, domain_arg, int_arg, model_of,
                      order_arg, query_guard, readable_field, str_list_arg)
from ._masking import rules_for
from ._serialize import Result

MAX_GROUPBY = 4
MAX_MEASURES = 20
_SPEC = re.compile(r"^([a-z0-9_]+)(?::([a-z_]+))?$")
_NUMERIC = ("integer", "float", "monetary")
# Which field types each aggregate applies to (None: any groupable type). Others are refused so
# PostgreSQL never sees e.g. SUM(varchar), and array aggregates never dump raw values.
_AGGREGATES = {
    "sum": _NUMERIC, "avg": _NUMERIC,
    "min": _NUMERIC + ("date", "datetime"), "max": _NUMERIC + ("date", "datetime"),
    "count": None, "count_distinct": None,
    "bool_and": ("boolean",), "bool_or": ("boolean",),
}
_GROUPABLE = ("char", "text", "selection", "boolean", "integer", "float", "monetary",
              "many2one", "many2many", "date", "datetime")


def _stored_field(model, name, spec):
    field = readable_field(model, name)
    if not field.store or field.type not in _GROUPABLE:
        raise ToolError("validation_error",
                        f"{spec!r}: {model._name}.{name} ({field.type}) is not stored or cannot be "
                        "grouped or aggregated.")
    return field


def _groupby_arg(model, args):
    specs, _ = str_list_arg(args, "groupby", default=[])
    if len(specs) > MAX_GROUPBY:
        raise ToolError("validation_error", f"'groupby' takes at most {MAX_GROUPBY} fields.")
    for spec in specs:
        match = _SPEC.match(spec)
        if not match:
            raise ToolError("validation_error", f"Invalid groupby {spec!r}: use \"field\" or \"date_field:month\".")
        name, granularity = match.groups()
        field = _stored_field(model, name, spec)
        if granularity and (field.type not in ("date", "datetime")
                            or granularity not in READ_GROUP_ALL_TIME_GRANULARITY):
            raise ToolError("validation_error",
                            f"Invalid groupby {spec!r}: a granularity applies to date fields only and is one of "
                            f"{', '.join(READ_GROUP_ALL_TIME_GRANULARITY)}.")
    return specs


def _measures_arg(model, args):
    specs, _ = str_list_arg(args, "measures", default=["__count"])
    if len(specs) > MAX_MEASURES:
        raise ToolError("validation_error", f"'measures' takes at most {MAX_MEASURES} entries.")
    for spec in specs:
        if spec == "__count":
            continue
        match = _SPEC.match(spec)
        if not match or match.group(2) not in _AGGREGATES:
            raise ToolError("validation_error",
                            f"Invalid measure {spec!r}: use \"__count\" or \"field:aggregate\" with aggregate in "
                            f"{', '.join(_AGGREGATES)}.")
        name, aggregate = match.groups()
        field = _stored_field(model, name, spec)
        types = _AGGREGATES[aggregate]
        if types is not None and field.type not in types:
            raise ToolError("validation_error",
                            f"Invalid measure {spec!r}: {aggregate} applies to {', '.join(types)} fields, "
                            f"not {field.type}.")
    return specs


class AggregateRecords(Tool):
    name = "aggregate_records"
    risk = "read"
    description = ("Grouped totals (read_group): groupby fields (dates as \"date:month\"), measures like "
                   "\"amount_total:sum\" or \"__count\", domain, order, limit (at most 500 groups).")
    allowed_args = frozenset({"model", "groupby", "measures", "domain", "order", "limit"})
    required_args = frozenset({"model"})

    def _run(self, env, args):
        model = model_of(env, args["model"])
        model.check_access("read")
        masked = rules_for(env)
        domain = domain_arg(model, args, masked)
        groupby = _groupby_arg(model, args)
        measures = _measures_arg(model, args)
        order = order_arg(model, args, allowed=groupby + measures, masked=masked)
        limit, _ = int_arg(args, "limit", DEFAULT_GROUPS, 1, MAX_GROUPS)
        # Aliases let one field carry several aggregates (amount:sum and amount:avg).
        aliases = {f"parley_m{index}": spec for index, spec in enumerate(measures) if spec != "__count"}
        fields = [f"{alias}:{spec.split(':')[1]}({spec.split(':')[0]})" for alias, spec in aliases.items()]
        with query_guard(env):
            # read_group (not _read_group): Odoo itself labels groups, as the web client shows them.
            rows = model.read_group(domain, fields, groupby, limit=limit + 1, orderby=order or False, lazy=False)
        result = Result()
        groups = []
        for row in rows[:limit]:
            group = {}
            for spec in groupby:
                field = model._fields[spec.split(":")[0]]
                value = row[spec]
                group[spec] = (result.many2one(field.comodel_name, value) if field.relational
                               else result.json(value))
            for alias, spec in aliases.items():
                group[spec] = result.json(row[alias])
            if "__count" in measures or not aliases:
                group["__count"] = row["__count"]
            if row.get("__range"):
                group["__range"] = result.json(row["__range"])
            groups.append(group)
        return {"model": model._name, "groups": groups,
                "truncated": len(rows) > limit or result.truncated}


TOOL = AggregateRecords()
