"""What every agent tool shares: the Tool base, ToolError, argument validation.

Arguments come from the model and are untrusted: every check here assumes hostile input, and
nothing derived from them is ever run with sudo(). Odoo's own AccessError / UserError /
ValidationError are left to propagate untouched, so the caller can hand the user Odoo's own text.
"""

import contextlib
import re

import psycopg2

from odoo import SUPERUSER_ID
from odoo import fields as odoo_fields
from odoo.osv import expression

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


def masked_kind(rules, field):
    """The masking kind of ``field`` under ``rules``, following related/inherited fields."""
    while field is not None:
        kind = (rules.get(field.model_name) or {}).get(field.name)
        if kind:
            return kind
        field = field.related_field
    return None


_EXACT_OPERATORS = ("=", "!=", "<>", "in", "not in", "=?")


def _refuse_masked_oracle(rules, field, operator, value, leaf):
    # Equality can only confirm a value the model already has; like/ilike/< > can extract one.
    if not rules or operator in _EXACT_OPERATORS or operator in ("any", "not any"):
        return
    if masked_kind(rules, field) or (
            field.relational and isinstance(value, str)
            and "display_name" in (rules.get(field.comodel_name) or {})):
        raise ToolError("validation_error",
                        f"Leaf {leaf!r}: {field.model_name}.{field.name} is masked for you; "
                        f"compare it only with =, !=, in or not in.")


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
        field = _path_field(model, path, leaf)
        _refuse_masked_oracle(self.masked, field, operator, value, leaf)
        if operator in ("any", "not any"):
            if not field.relational:
                raise ToolError("validation_error", f"Leaf {leaf!r}: '{operator}' needs a relational field.")
            return [path, operator, self.domain(model.env[field.comodel_name], value)]
        _check_value(leaf, field, operator, value)
        return [path, operator, value]


def _path_field(model, path, leaf):
    """The last field of a dotted path, each step readable by the user (Odoo's AccessError if not)."""
    names = path.split(".")
    for index, name in enumerate(names):
        field = readable_field(model, name)
        if index < len(names) - 1:
            if not field.relational:
                raise ToolError("validation_error",
                                f"Leaf {leaf!r}: {model._name}.{name} is not relational, so "
                                f"{'.'.join(names[index + 1:])!r} cannot follow it.")
            model = model.env[field.comodel_name]
    return field


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
        else:
            field = readable_field(model, name)
            if not field.store:
                raise ToolError("validation_error", f"Cannot order by {name!r}: it is not stored.")
            if masked and masked_kind(masked, field):
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
