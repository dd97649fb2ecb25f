"""Human-readable previews of write calls, computed as the user from the REAL arguments.

An approval card shows what these functions return, never a description written by the model:
a hostile note in the data can make the model describe one change and send another; the card must
show the other. Values are plain data (text, numbers, booleans, None, lists of text); the panel
escapes them.
"""

from odoo import fields as odoo_fields
from odoo.exceptions import AccessError

MAX_TEXT = 2000
MAX_NAMES = 20


def clip(text):
    text = str(text)
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT - 1] + '…'


def model_label(model):
    return model._description or model._name


def record_ref(record):
    return {'id': record.id, 'name': clip(record.display_name)}


def names(comodel, ids):
    """Display names as the user reads them; an id the user may not read stays an id."""
    shown = []
    for record in comodel.browse(ids[:MAX_NAMES]):
        try:
            shown.append(clip(record.display_name))
        except AccessError:
            shown.append(f'#{record.id}')
    if len(ids) > MAX_NAMES:
        shown.append(f'… and {len(ids) - MAX_NAMES} more')
    return shown


def _selection_label(desc, key):
    return dict(desc.get('selection') or []).get(key, key)


def _datetime_text(model, value):
    # Datetimes are stored in UTC; the user reads them in their own time zone.
    local = odoo_fields.Datetime.context_timestamp(model, odoo_fields.Datetime.to_datetime(value))
    return local.strftime('%Y-%m-%d %H:%M:%S %Z').strip()


def current_value(model, desc, value):
    """A value from ``records.read()`` as the user sees it."""
    ftype = desc['type']
    if ftype == 'boolean':
        return bool(value)
    if value is False or value is None:
        return None
    if ftype == 'many2one':
        return clip(value[1]) if isinstance(value, (list, tuple)) else f'#{value}'
    if ftype in ('one2many', 'many2many'):
        return names(model.env[desc['relation']], list(value))
    if ftype == 'selection':
        return clip(_selection_label(desc, value))
    if ftype == 'datetime':
        return _datetime_text(model, value)
    if ftype == 'date':
        return str(value)
    if isinstance(value, (int, float)):
        return value
    return clip(value)


def new_value(model, desc, value):
    """A proposed value (already validated) as the user will see it once written."""
    ftype = desc['type']
    if ftype in ('one2many', 'many2many'):
        return [_command_text(model.env[desc['relation']], c) for c in value]
    if ftype == 'many2one' and value:
        return names(model.env[desc['relation']], [value])[0]
    if ftype == 'datetime' and value:
        return _datetime_text(model, value)
    return current_value(model, desc, value)


def values_text(model, described, values):
    return ', '.join(f'{described[name]["string"]}: {_flat(new_value(model, described[name], value))}'
                     for name, value in values.items())


def _flat(shown):
    if isinstance(shown, list):
        return '[' + '; '.join(map(str, shown)) + ']'
    return '(empty)' if shown is None else str(shown)


def _command_text(comodel, command):
    code = command[0]
    if code == 0:
        vals = command[2]
        return clip('new: ' + values_text(comodel, comodel.fields_get(list(vals)), vals))
    if code == 1:
        vals = command[2]
        return clip(f'change {names(comodel, [command[1]])[0]}: '
                    + values_text(comodel, comodel.fields_get(list(vals)), vals))
    if code == 5:
        return 'remove all'
    if code == 6:
        return clip('set to: ' + (', '.join(names(comodel, command[2])) or '(none)'))
    verb = {2: 'delete', 3: 'remove', 4: 'add'}[code]
    return clip(f'{verb} {names(comodel, [command[1]])[0]}')


def field_changes(records, described, values):
    """Per record: for each field, its label, the current value and the new value."""
    current = {row['id']: row for row in records.read(list(values))}
    model = records.browse()
    new = {name: new_value(model, described[name], value) for name, value in values.items()}
    return [{
        **record_ref(record),
        'changes': [{'field': name, 'label': described[name]['string'], 'type': described[name]['type'],
                     'old': current_value(record, described[name], current[record.id][name]),
                     'new': new[name]}
                    for name in values],
    } for record in records]


def field_values(model, described, values):
    return [{'field': name, 'label': described[name]['string'], 'type': described[name]['type'],
             'new': new_value(model, described[name], value)}
            for name, value in values.items()]
