"""What every write tool checks before touching data, as the acting user.

The model's arguments are untrusted. Values are checked against ``fields_get`` as the user (so
fields hidden by groups do not exist for it), and every relational value is checked against the
user's rights on the TARGET model: Odoo's ORM checks the record being written, but linking a
record through a many2many does not check that the user may read it, and a one2many command
writes records of another model. Those checks raise Odoo's own AccessError, unchanged.
"""

import inspect

import psycopg2

from odoo import fields as odoo_fields

from ..lib.sql_policy import is_sensitive_column, is_sensitive_table
from ._common import Tool, ToolError, model_of

MAX_IDS = 50
MAX_FIELDS = 50
MAX_COMMANDS = 50
MAX_DEPTH = 3  # nested [0, 0, {...}] levels
MAX_TEXT = 100_000

# Records of these models are code, security configuration or secrets. An admin may edit them in
# Odoo, but never through a model that can be steered by text in the data it reads.
CONFIG_MODELS = frozenset({
    'ir.actions.server', 'ir.cron', 'ir.ui.view', 'ir.rule', 'ir.model.access', 'ir.model',
    'ir.model.fields', 'ir.module.module', 'res.groups', 'ir.config_parameter', 'base.automation',
    'ir.actions.act_window', 'ir.actions.report', 'ir.ui.menu', 'ir.default', 'ir.mail_server',
    'fetchmail.server', 'res.users.apikeys', 'ir.attachment',
})

# Field types whose values name arbitrary models/records or carry opaque payloads.
UNWRITABLE_TYPES = frozenset({
    'reference', 'many2one_reference', 'binary', 'image', 'properties', 'properties_definition', 'json',
})
MAGIC_FIELDS = frozenset({'id', 'display_name', 'create_uid', 'create_date', 'write_uid', 'write_date'})
FIELD_ATTRIBUTES = ['type', 'string', 'relation', 'readonly', 'required', 'selection']


class WriteTool(Tool):
    """A write tool: ``run`` changes data, ``preview`` says what ``run`` would change.

    Both go through the same argument checks (Tool.run) and the same validation, so a preview
    refuses exactly what the call would refuse, before anyone is asked to approve it.
    """

    def preview(self, env, args):
        return _PreviewOf(self).run(env, args)

    def _preview(self, env, args):
        raise NotImplementedError


class _PreviewOf(Tool):
    def __init__(self, tool):
        self.name, self.risk = tool.name, tool.risk
        self.allowed_args, self.required_args = tool.allowed_args, tool.required_args
        self._tool = tool

    def _run(self, env, args):
        return self._tool._preview(env, args)


def invalid(message):
    return ToolError('validation_error', message)


def _is_id(value):
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def get_model(env, name):
    """The model as the user, refused when the assistant must never write it."""
    model = model_of(env, name)
    if name in CONFIG_MODELS or is_sensitive_table(model._table):
        raise invalid(f'The assistant cannot change records of {name}.')
    return model


def get_ids(args, key='ids'):
    ids = args.get(key)
    if not isinstance(ids, list) or not ids or not all(_is_id(i) for i in ids):
        raise invalid(f'{key} must be a non-empty list of positive integers.')
    if len(ids) > MAX_IDS:
        raise invalid(f'At most {MAX_IDS} ids per call; got {len(ids)}.')
    return list(dict.fromkeys(ids))


def get_id(args, key='id'):
    value = args.get(key)
    if not _is_id(value):
        raise invalid(f'{key} must be a positive integer record id.')
    return value


def get_records(model, ids, operation):
    """The records, all existing, with ``operation`` allowed by ACLs and record rules."""
    records = model.browse(ids)
    missing = sorted(set(ids) - set(records.exists().ids))
    if missing:
        raise invalid(f'No {model._name} record with id {", ".join(map(str, missing))}.')
    records.check_access('read')
    if operation != 'read':
        records.check_access(operation)
    return records


def describe_fields(model, names):
    """fields_get as the user: fields the user may not access are simply not there."""
    return model.fields_get(list(names), attributes=FIELD_ATTRIBUTES)


def check_values(model, values, operation, depth=0):
    """Validate ``values`` for ``operation`` ('create' | 'write') on ``model``.

    Returns (fields_get of those fields, the values to write). The values to write are the checked
    ones, x2many commands in their normalized form: what was validated is exactly what is written.
    """
    if depth > MAX_DEPTH:
        raise invalid(f'Nested record commands go at most {MAX_DEPTH} levels deep.')
    if not isinstance(values, dict) or not values:
        raise invalid('values must be a non-empty object of field names to values.')
    if len(values) > MAX_FIELDS:
        raise invalid(f'At most {MAX_FIELDS} fields per call; got {len(values)}.')
    described = describe_fields(model, [name for name in values if isinstance(name, str)])
    unknown = sorted(str(name) for name in values if name not in described or name in MAGIC_FIELDS)
    if unknown:
        raise invalid(f'Unknown field(s) on {model._name}: {", ".join(unknown)}.')
    for name, value in values.items():
        desc = described[name]
        if desc.get('readonly'):
            raise invalid(f'Field {name} of {model._name} is read-only.')
        if desc['type'] in UNWRITABLE_TYPES or is_sensitive_column(name):
            raise invalid(f'The assistant cannot write field {name} of {model._name}.')
    clean = {name: _check_value(model, name, described[name], value, depth) for name, value in values.items()}
    if operation == 'create' and depth == 0:
        # Nested creates get their inverse field from the parent; Odoo checks the rest.
        _check_required(model, values)
    return described, clean


def _check_required(model, values):
    # Read-only required fields are computed by Odoo; the caller could not provide them anyway.
    required = [name for name, desc in model.fields_get(attributes=['required', 'readonly']).items()
                if desc.get('required') and not desc.get('readonly')
                and name not in values and name not in MAGIC_FIELDS]
    defaults = model.default_get(required) if required else {}
    missing = [name for name in required if name not in defaults]
    if missing:
        raise invalid(f'Missing required field(s) on {model._name}: {", ".join(sorted(missing))}.')


_SCALAR_CHECKS = {
    'char': lambda v: isinstance(v, str) and len(v) <= MAX_TEXT,
    'text': lambda v: isinstance(v, str) and len(v) <= MAX_TEXT,
    'html': lambda v: isinstance(v, str) and len(v) <= MAX_TEXT,
    'integer': lambda v: isinstance(v, int) and not isinstance(v, bool),
    'float': lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    'monetary': lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    'boolean': lambda v: isinstance(v, bool),
}


def _check_value(model, name, desc, value, depth):
    """The value to write, once checked."""
    ftype = desc['type']
    if ftype in ('one2many', 'many2many'):
        return check_commands(model.env[desc['relation']], ftype, normalize_commands(name, value), depth)
    if value is False or value is None:
        return False  # clearing a field; required fields are refused by Odoo itself
    if ftype == 'many2one':
        if not _is_id(value):
            raise invalid(f'Field {name} expects a record id.')
        check_link(model.env[desc['relation']], [value])
    elif ftype == 'selection':
        if value not in [key for key, _label in desc.get('selection') or []]:
            raise invalid(f'Field {name} does not accept {value!r}.')
    elif ftype in ('date', 'datetime'):
        return _date_value(name, ftype, value)
    elif ftype in _SCALAR_CHECKS:
        if not _SCALAR_CHECKS[ftype](value):
            raise invalid(f'Field {name} expects a {ftype} value.')
    else:
        raise invalid(f'The assistant cannot write field {name} (type {ftype}).')
    return value


def _date_value(name, ftype, value):
    """A date or UTC datetime in Odoo's storage format; also takes the ISO form the read tools
    return (``2024-05-01T09:30:00Z``), so a value read can be written back."""
    try:
        if isinstance(value, str):
            if ftype == 'date':
                return odoo_fields.Date.to_string(odoo_fields.Date.to_date(value))
            text = value.replace('T', ' ').removesuffix('Z').removesuffix('+00:00')
            return odoo_fields.Datetime.to_string(odoo_fields.Datetime.to_datetime(text))
    except ValueError:
        pass
    example = '"2025-01-31"' if ftype == 'date' else '"2025-01-31 14:00:00" (UTC)'
    raise invalid(f'Field {name} expects a {ftype} as text, e.g. {example}.')


def normalize_commands(name, value):
    """x2many values as a list of command lists; a bare id list means 'set to exactly these'."""
    if isinstance(value, list) and value and all(_is_id(v) for v in value):
        value = [[6, 0, value]]
    if not isinstance(value, list):
        raise invalid(f'Field {name} expects a list of commands, e.g. [[4, 12]] or [[6, 0, [1, 2]]].')
    if len(value) > MAX_COMMANDS:
        raise invalid(f'At most {MAX_COMMANDS} commands per field.')
    commands = []
    for command in value:
        if (not isinstance(command, (list, tuple)) or not command or not isinstance(command[0], int)
                or isinstance(command[0], bool) or not 0 <= command[0] <= 6):
            raise invalid(f'Field {name}: {command!r} is not a record command (0 to 6).')
        commands.append(list(command))
    return commands


def check_link(comodel, ids):
    """Linking needs the linked records to exist and be readable by the user."""
    comodel.browse().check_access('read')
    return get_records(comodel, ids, 'read')


def _command_id(command, size=2):
    if len(command) < size or not _is_id(command[1]):
        raise invalid(f'Record command {command!r} needs a record id in second place.')
    return command[1]


def _command_vals(command):
    if len(command) < 3 or not isinstance(command[2], dict):
        raise invalid(f'Record command {command!r} needs a values object in third place.')
    return command[2]


def check_commands(comodel, ftype, commands, depth):
    """Each command against the user's rights on the comodel (the target of the relation).

    Returns the commands to write, nested values replaced by their checked form."""
    if comodel._name in CONFIG_MODELS or is_sensitive_table(comodel._table):
        writes = any(c[0] in (0, 1, 2) or ftype == 'one2many' for c in commands)
        if writes:
            raise invalid(f'The assistant cannot change records of {comodel._name}.')
    return [_check_command(comodel, ftype, command, depth) for command in commands]


def _check_command(comodel, ftype, command, depth):
    code = command[0]
    # On a one2many, linking or unlinking a record writes its inverse field: that is a write.
    link_op = 'write' if ftype == 'one2many' else 'read'
    if code == 0:
        comodel.browse().check_access('create')
        return [0, 0, check_values(comodel, _command_vals(command), 'create', depth + 1)[1]]
    if code == 1:
        get_records(comodel, [_command_id(command)], 'write')
        return [1, command[1], check_values(comodel, _command_vals(command), 'write', depth + 1)[1]]
    if code == 2:
        get_records(comodel, [_command_id(command)], 'unlink')
        return [2, command[1]]
    if code in (3, 4):
        get_records(comodel, [_command_id(command)], link_op)
        if code == 3 and ftype == 'one2many':
            comodel.browse().check_access('unlink')  # an orphaned line may be deleted
        return [code, command[1]]
    if ftype == 'one2many':  # 5 and 6 rewrite every line's inverse field
        comodel.browse().check_access('write')
    if code == 5:
        if ftype == 'one2many':
            comodel.browse().check_access('unlink')
        return [5]
    ids = command[2] if len(command) > 2 else None
    if not isinstance(ids, list) or not all(_is_id(i) for i in ids) or len(ids) > MAX_IDS:
        raise invalid(f'Record command {command!r} needs a list of at most {MAX_IDS} ids.')
    ids = list(dict.fromkeys(ids))
    if ids:
        get_records(comodel, ids, link_op)
    return [6, 0, ids]


def check_callable_without_arguments(func, label):
    params = list(inspect.signature(func).parameters.values())[1:]  # skip self
    required = [p.name for p in params if p.default is p.empty
                and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    if required:
        raise invalid(f'{label} needs arguments ({", ".join(required)}); it cannot be run from here.')


def mutate(env, operation):
    """Run ``operation()`` in a savepoint: a database refusal becomes a readable error and leaves
    the request's transaction usable for the audit and the answer."""
    try:
        with env.cr.savepoint():
            return operation()
    except psycopg2.IntegrityError as error:
        detail = getattr(getattr(error, 'diag', None), 'message_primary', None) or 'constraint violated'
        raise invalid(f'The database refused the change: {detail}.') from None


def link(model_name, record_id):
    return f'odoo://{model_name}/{record_id}'
