"""Turning what Odoo's read()/read_group() return into compact JSON for the model.

Every value is capped (text, x2many lists); ``Result.truncated`` records that anything was cut,
so the tool can say so. Binary fields never reach this module: ``fields_arg`` leaves them out.
"""

import datetime

from markupsafe import Markup

from ._common import MAX_FIELDS, readable_field, str_list_arg

MAX_TEXT = 2000
MAX_X2MANY = 20
# Fields left out of default selections: noise for the model, or heavy.
_LOG_FIELDS = {"create_uid", "create_date", "write_uid", "write_date", "__last_update"}
DEFAULT_READ_FIELDS = 30


def link(model_name, record_id):
    return f"odoo://{model_name}/{record_id}"


class Result:
    """Collects the ``truncated`` flag while values are converted."""

    def __init__(self):
        self.truncated = False

    def text(self, value):
        value = str(value)  # Markup (html fields) becomes a plain string, never re-escaped
        if len(value) > MAX_TEXT:
            self.truncated = True
            return value[:MAX_TEXT] + "…"
        return value

    def json(self, value):
        """Any value Odoo returns, as JSON-safe data (dates as ISO strings, datetimes in UTC)."""
        if isinstance(value, (Markup, str)):
            return self.text(value)
        if isinstance(value, datetime.datetime):
            return value.strftime("%Y-%m-%dT%H:%M:%SZ")  # Odoo stores naive UTC
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, (bool, int, float)) or value is None:
            return value
        if isinstance(value, dict):
            return {str(key): self.json(item) for key, item in value.items()}
        if isinstance(value, (list, tuple, set, frozenset)):
            return [self.json(item) for item in value]
        if isinstance(value, bytes):
            return None  # never ship raw bytes
        return self.text(str(value))

    def many2one(self, comodel, value):
        if not value:
            return False
        record_id, name = value
        return {"id": record_id, "name": self.json(name), "_link": link(comodel, record_id)}

    def field_value(self, field, value):
        if field.type == "many2one":
            return self.many2one(field.comodel_name, value)
        if field.type in ("one2many", "many2many"):
            if len(value) > MAX_X2MANY:
                self.truncated = True
                return list(value[:MAX_X2MANY])
            return list(value)
        if field.type == "reference" and value:
            model_name, _, record_id = value.partition(",")
            if record_id.isdigit():
                return {"model": model_name, "id": int(record_id), "_link": link(model_name, record_id)}
        return self.json(value)

    def record(self, model, row):
        out = {"id": row["id"], "_link": link(model._name, row["id"])}
        for name, value in row.items():
            if name != "id":
                out[name] = self.field_value(model._fields[name], value)
        return out


def _default_fields(model):
    """A useful, bounded default for read_records: the record's name and its plain stored fields."""
    names = ["display_name"]
    for name, field in model._fields.items():
        if len(names) >= DEFAULT_READ_FIELDS:
            break
        if (field.store and name not in _LOG_FIELDS and name != "id"
                and field.type not in ("binary", "one2many", "many2many", "html", "properties", "json")
                and field.is_accessible(model.env)):
            names.append(name)
    return names


def fields_arg(model, args, default=None):
    """Checked field names to read, without binary fields.

    Returns ``(names, clamped, skipped)``: ``clamped`` when more than MAX_FIELDS were asked for,
    ``skipped`` lists ``{"field", "reason"}`` for fields that are never returned.
    """
    if "fields" not in args or args["fields"] in (None, []):
        return (list(default) if default else _default_fields(model)), False, []
    names, clamped = str_list_arg(args, "fields", maximum=MAX_FIELDS)
    kept, skipped = [], []
    for name in names:
        if name == "id":
            continue
        field = readable_field(model, name)
        if field.type == "binary":
            skipped.append({"field": name, "reason": "binary fields (files, images) are never returned"})
        else:
            kept.append(name)
    # read([]) would mean "every field", binary ones included: never let an empty list through.
    return kept or ["display_name"], clamped, skipped
