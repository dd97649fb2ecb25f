"""What every agent tool shares: the Tool base, ToolError, argument validation.

Arguments come from the model and are untrusted: every check here assumes hostile input, and
nothing derived from them is ever run with sudo(). Odoo's own AccessError / UserError /
ValidationError are left to propagate untouched, so the caller can hand the user Odoo's own text.
"""

import contextlib
import re

import psycopg2

from odoo import fields as odoo_fields
from odoo.osv import expression

from ._base import Tool, ToolError  # noqa: F401 (re-exported: every tool imports them from here)
from ._masking import masked_kind, refuse_masked_oracle

# Limits are the addon's, not the model's (docs/wire.md §6).
MAX_ROWS = 200
DEFAULT_ROWS = 50
MAX_IDS = 200
MAX_FIELDS = 50
MAX_GROUPS = 500
DEFAULT_GROUPS = 100
MAX_OFFSET = 1_000_000
MAX_DOMAIN_ITEMS = 200
MAX_IN_VALUES = 1000

_MODEL_NAME = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")
_FIELD_PATH = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")
_ORDER_TERM = re.compile(r"^\s*([a-z0-9_]+(?::[a-z_]+)?)(?:\s+(asc|desc))?(?:\s+nulls\s+(first|last))?\s*$", re.I)
_OPERATORS = set(expression.TERM_OPERATORS)
_SCALARS = (str, int, float, bool, type(None))
_NUMBER_TYPES = ("integer", "float", "monetary")
# Operators whose value is compared to the column as is (pattern and hierarchy operators are not).
_COMPARISONS = ("=", "!=", "<>", "<", "<=", ">", ">=", "in", "not in", "=?")


def model_of(env, name):
    """The user's recordset of a real, stored model, or a ToolError the model can act on."""
    if not isinstance(name, str) or not _MODEL_NAME.match(name):
        raise ToolError("validation_error", "'model' must be a technical model name like 'res.partner'.")
    if name not in env.registry:
        raise ToolError("not_found", f"There is no model {name!r}; use list_models to find one.")
    model = env[name]
    if model._abstract or model._transient:
        raise ToolError("not_found", f"{name!r} does not store records; use list_models to find one.")
    return model


def readable_field(model, name):
    """The field ``name`` of ``model`` if the user may read it; Odoo's AccessError if not."""
    field = model._fields.get(name) if isinstance(name, str) else None
    if field is None:
        raise ToolError("validation_error",
                        f"{model._name} has no field {name!r}; use describe_model to see its fields.")
    # Raises Odoo's own AccessError (with its text) for fields restricted to other groups.
    model.check_field_access_rights("read", [name])
    return field


def int_arg(args, key, default, minimum, maximum):
    """An integer argument clamped to ``maximum``; returns (value, clamped)."""
    value = args.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ToolError("validation_error", f"'{key}' must be an integer.")
    if value < minimum:
        raise ToolError("validation_error", f"'{key}' must be at least {minimum}.")
    if value > maximum:
        return maximum, True
    return value, False


def str_list_arg(args, key, default=None, maximum=None):
    """A list of distinct strings, in the given order; returns (list, clamped)."""
    value = args.get(key, default)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ToolError("validation_error", f"'{key}' must be a list of strings.")
    value = list(dict.fromkeys(value))
    if maximum is not None and len(value) > maximum:
        return value[:maximum], True
    return value, False


def _check_typed(leaf, field, item):
    """Refuse values PostgreSQL would reject for the column, with a message instead of an SQL error."""
    if item is None or isinstance(item, bool):
        return
    if field.type in _NUMBER_TYPES and not isinstance(item, (int, float)):
        raise ToolError("validation_error", f"Leaf {leaf!r}: {field.name} is a number; compare it with numbers.")
    if field.type in ("date", "datetime"):
        try:
            parsed = (odoo_fields.Date.to_date(item) if field.type == "date"
                      else odoo_fields.Datetime.to_datetime(item))
        except (TypeError, ValueError):
            parsed = None
        if parsed is None:
            raise ToolError("validation_error",
                            f"Leaf {leaf!r}: {field.name} is a {field.type}; use \"YYYY-MM-DD\""
                            + (" or \"YYYY-MM-DD HH:MM:SS\" (UTC)." if field.type == "datetime" else "."))


def _check_value(leaf, field, operator, value):
    items = value if isinstance(value, list) else [value]
    if len(items) > MAX_IN_VALUES:
        raise ToolError("validation_error", f"Leaf {leaf!r}: at most {MAX_IN_VALUES} values.")
    if not all(isinstance(item, _SCALARS) for item in items):
        raise ToolError("validation_error",
                        f"Leaf {leaf!r}: the value must be a string, number, boolean, null or a list of those.")
    if any(isinstance(item, str) and "\x00" in item for item in items):
        raise ToolError("validation_error", f"Leaf {leaf!r}: text values cannot contain NUL characters.")
    if operator in _COMPARISONS:
        for item in items:
            _check_typed(leaf, field, item)


class _DomainChecker:
    """Checks a domain item by item; ``masked`` holds the masking rules (None: user sees all)."""

    def __init__(self, masked):
        self.masked = masked
        self.items = 0

    def domain(self, model, domain):
        if not isinstance(domain, list):
            raise ToolError("validation_error", "'domain' must be a list like [[\"name\", \"ilike\", \"azure\"]].")
        checked = []
        for item in domain:
            self.items += 1
            if self.items > MAX_DOMAIN_ITEMS:
                raise ToolError("validation_error", f"The domain has more than {MAX_DOMAIN_ITEMS} items.")
            if item in ("&", "|", "!"):
                checked.append(item)
            elif isinstance(item, list):
                checked.append(self.leaf(model, item))
            else:
                raise ToolError("validation_error",
                                f"Domain item {item!r} is neither '&', '|', '!' nor a [field, operator, value] leaf.")
        try:
            expression.normalize_domain(checked)
        except ValueError:
            raise ToolError("validation_error",
                            "The domain is not well formed: '&' and '|' take two terms, '!' one.") from None
        return checked

    def leaf(self, model, leaf):
        if len(leaf) != 3:
            raise ToolError("validation_error", f"Leaf {leaf!r} must be [field, operator, value].")
        path, operator, value = leaf
        if not isinstance(path, str) or not _FIELD_PATH.match(path):
            raise ToolError("validation_error", f"Leaf {leaf!r}: the field must be a name or a dotted path.")
        if operator == "<>":
            operator = "!="
        if operator not in _OPERATORS:
            raise ToolError("validation_error",
                            f"Leaf {leaf!r}: unknown operator; use one of {', '.join(sorted(_OPERATORS))}.")
        owner, field = _path_field(model, path, leaf)
        refuse_masked_oracle(self.masked, owner, field, operator, value, leaf)
        if operator in ("any", "not any"):
            if not field.relational:
                raise ToolError("validation_error", f"Leaf {leaf!r}: '{operator}' needs a relational field.")
            return [path, operator, self.domain(owner.env[field.comodel_name], value)]
        _check_value(leaf, field, operator, value)
        return [path, operator, value]


def _path_field(model, path, leaf):
    """(model, field) of a dotted path's last step, each step readable by the user (Odoo's
    AccessError if not)."""
    names = path.split(".")
    for index, name in enumerate(names):
        field = readable_field(model, name)
        if index < len(names) - 1:
            if not field.relational:
                raise ToolError("validation_error",
                                f"Leaf {leaf!r}: {model._name}.{name} is not relational, so "
                                f"{'.'.join(names[index + 1:])!r} cannot follow it.")
            model = model.env[field.comodel_name]
    return model, field


def domain_arg(model, args, masked=None):
    """The domain argument, checked leaf by leaf against the model's fields and Odoo's operators.

    ``masked`` (masking rules, None when the user sees unmasked data) refuses leaves that would let
    the model recover a masked value piece by piece (pattern and range searches on it).
    """
    return _DomainChecker(masked).domain(model, args.get("domain", []))


def order_arg(model, args, allowed=None, masked=None):
    """A safe ``order`` string built from checked terms (never the model's raw text)."""
    order = args.get("order")
    if order is None:
        return None
    if not isinstance(order, str) or not order.strip():
        raise ToolError("validation_error", "'order' must be a string like \"name asc, id desc\".")
    terms = []
    for part in order.split(","):
        match = _ORDER_TERM.match(part)
        if not match:
            raise ToolError("validation_error",
                            f"Invalid order term {part.strip()!r}: use \"<field> [asc|desc]\".")
        name, direction, nulls = match.groups()
        if allowed is not None:
            if name not in allowed:
                raise ToolError("validation_error", f"Cannot order by {name!r}; use one of {', '.join(allowed)}.")
            field = model._fields.get(name.partition(":")[0])
            counting = name == "__count" or name.endswith((":count", ":count_distinct"))
        else:
            field = readable_field(model, name)
            counting = False
            if not field.store:
                raise ToolError("validation_error", f"Cannot order by {name!r}: it is not stored.")
        # Sorting by a masked value tells its order relative to values the model can choose.
        if masked and field is not None and not counting and masked_kind(masked, field):
            raise ToolError("validation_error", f"Cannot order by {name!r}: its values are masked for you.")
        terms.append(" ".join(filter(None, (name, (direction or "").lower(),
                                            f"nulls {nulls.lower()}" if nulls else None))))
    return ", ".join(terms)


@contextlib.contextmanager
def query_guard(env):
    """Run ORM reads in a savepoint and turn query-shape errors into validation errors.

    ValueError/TypeError come from Odoo's domain and read_group parsers; DataError from PostgreSQL
    refusing a value (e.g. text compared to a number). Odoo's AccessError/UserError pass through.
    """
    try:
        with env.cr.savepoint():
            yield
    except (ValueError, TypeError) as exc:
        raise ToolError("validation_error", f"Odoo refused the query: {exc}") from None
    except psycopg2.DataError as exc:
        detail = (exc.pgerror or str(exc)).strip().splitlines()[0]
        raise ToolError("validation_error", f"PostgreSQL refused a value in the query: {detail}") from None
