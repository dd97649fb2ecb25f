"""The masking hook (DESIGN §4 step 10): results are masked here, in Odoo, before they leave it.

The rules themselves and how values are masked live in ``lib/masking.py`` (pure Python).
"""

import logging

from ..lib import masking
from ._base import ToolError

_logger = logging.getLogger(__name__)

UNMASKED_GROUP = "parley.group_pii_unmasked"
CONFIG_KEY = "parley.masking_rules"


# Equality can only confirm a value the model already has; like/ilike/< > can extract one.
_EXACT_OPERATORS = ("=", "!=", "<>", "in", "not in", "=?")
# Few enough guesses per call that, with the rate limits, a dictionary attack gets nowhere.
MAX_MASKED_VALUES = 10


def masked_kind(rules, field):
    """The masking kind of ``field`` under ``rules``, following related/inherited fields."""
    while field is not None:
        kind = (rules.get(field.model_name) or {}).get(field.name)
        if kind:
            return kind
        field = field.related_field
    return None


def _masked_name_fields(rules, model):
    """Masked fields a name search on ``model`` matches (res.partner is found by email and VAT)."""
    names = list(model._rec_names_search or [model._rec_name or "display_name"])
    if "display_name" in (rules.get(model._name) or {}):
        names.append("display_name")
    return [name for name in names if name in model._fields and masked_kind(rules, model._fields[name])]


def refuse_masked_oracle(rules, model, field, operator, value, leaf):
    """Refuse a domain leaf on ``model.field`` that could recover a masked value.

    Pattern/range searches extract a value piece by piece; long ``in`` lists test a dictionary of
    guesses at once. Both are refused on masked fields and on name searches ("partner_id ilike x",
    "display_name ilike x") of a model whose name search also matches masked fields.
    """
    if not rules or operator in ("any", "not any"):
        return
    exact = operator in _EXACT_OPERATORS
    if exact and not (isinstance(value, list) and len(value) > MAX_MASKED_VALUES):
        return
    what = (f"compare it only with =, !=, in or not in (at most {MAX_MASKED_VALUES} values)")
    if masked_kind(rules, field):
        raise ToolError("validation_error", f"Leaf {leaf!r}: {model._name}.{field.name} is masked for you; {what}.")
    names_searched = isinstance(value, str) or (isinstance(value, list) and any(isinstance(v, str) for v in value))
    if field.relational and names_searched:
        searched, suggestion = model.env[field.comodel_name], f"{leaf[0]}.name"
    elif field.name == "display_name":
        searched, suggestion = model, "name"
    else:
        return
    hidden = _masked_name_fields(rules, searched)
    if hidden:
        raise ToolError("validation_error",
                        f"Leaf {leaf!r}: a name search on {searched._name} also matches "
                        f"{', '.join(hidden)}, which you see masked; search a plain field instead "
                        f"(e.g. \"{suggestion}\").")


def rules_for(env):
    """The masking rules for the acting user, or None when the user may see unmasked data."""
    # Fail closed: until the group exists (or if it was deleted), everybody gets masked data.
    if env.ref(UNMASKED_GROUP, raise_if_not_found=False) and env.user.has_group(UNMASKED_GROUP):
        return None
    # A fixed, admin-set parameter, never anything the model sent; users cannot read
    # ir.config_parameter themselves, hence sudo() on this one key.
    configured = env["ir.config_parameter"].sudo().get_param(CONFIG_KEY, "")
    try:
        return masking.rules_with(configured)
    except ValueError as exc:
        _logger.error("Ignoring invalid %s (the default masking rules apply): %s", CONFIG_KEY, exc)
        return masking.rules_with("")


def _rules_with_model(env, rules, model_name):
    """``rules`` plus every field of ``model_name`` that is related to (or inherits) a masked field,
    e.g. res.users.email, which is res.partner.email through _inherits."""
    if model_name not in env.registry:
        return rules
    model = env[model_name]
    own = {name: kind for name, field in model._fields.items() if (kind := masked_kind(rules, field))}
    return {**rules, model_name: own}


def _mask_sql_columns(env, rules, data):
    """Best effort for sql_select results: mask columns named like a masked field of a queried
    table. The SQL guard is expected to refuse aliases of masked columns."""
    by_table = {env[name]._table: name for name in env.registry if not env[name]._abstract}
    kinds = {}
    for table in data.get("tables") or []:
        if table in by_table:
            for field, kind in _rules_with_model(env, rules, by_table[table])[by_table[table]].items():
                kinds.setdefault(field, kind)
    columns = data.get("columns") or []
    masked_columns = [(index, column, kinds[column]) for index, column in enumerate(columns) if column in kinds]
    masked = set()
    rows = []
    for row in data.get("rows") or []:
        row = list(row)
        for index, column, kind in masked_columns:
            new = masking.mask_value(None, row[index], kind)
            if new != row[index]:
                row[index] = new
                masked.add(column)
        rows.append(row)
    return {**data, "rows": rows}, sorted(masked)


def mask_result(env, tool_name, data):
    """Mask a tool's result for the acting user; adds ``masked_fields`` when anything was masked.

    The caller (the tool endpoint) audits ``masked_fields``.
    """
    if not isinstance(data, dict):
        return data
    rules = rules_for(env)
    if rules is None:
        return data
    model_name = data.get("model")
    if tool_name == "sql_select":
        result, masked = _mask_sql_columns(env, rules, data)
    elif isinstance(model_name, str) and ("records" in data or "groups" in data):
        key = "records" if "records" in data else "groups"
        rows, masked = masking.mask_records(model_name, data[key], _rules_with_model(env, rules, model_name))
        result = {**data, key: rows}
    else:
        return data
    if masked:
        result["masked_fields"] = masked
    return result
