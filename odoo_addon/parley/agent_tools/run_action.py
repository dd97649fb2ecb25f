"""run_action: call a button method on records, as the user, with no arguments.

Only methods matching the administrator's allowlist run: the ``ir.config_parameter``
``parley.action_allowlist`` (comma-separated fnmatch patterns, default ``action_*,button_*``).
It is read with sudo() because it is the addon's own setting, read the same way for every user;
nothing the model sends decides which parameter is read.
"""

import fnmatch
import re

from lxml import etree

from odoo import models
from odoo.exceptions import AccessError
from odoo.service.model import get_public_method

from . import _preview, _writes

ALLOWLIST_PARAM = 'parley.action_allowlist'
DEFAULT_ALLOWLIST = 'action_*,button_*'
_METHOD_NAME = re.compile(r'^[A-Za-z][A-Za-z0-9_]{0,100}$')
# Generic ORM methods are never "buttons", even if an allowlist pattern is as broad as "*".
# action_archive/action_unarchive are the ORM's own buttons (the Archive menu entry).
_ORM_BUTTONS = frozenset({'action_archive', 'action_unarchive'})


def allowlist(env):
    raw = env['ir.config_parameter'].sudo().get_param(ALLOWLIST_PARAM, DEFAULT_ALLOWLIST) or ''
    return [pattern.strip() for pattern in raw.split(',') if pattern.strip()]


def _buttons(arch, method):
    return [node for node in etree.fromstring(arch).iter('button')
            if node.get('name') == method and node.get('type', 'object') == 'object']


def _form_button_label(model, method):
    """The label of the object button ``method`` in the form view as the user gets it, or None.

    Odoo's get_view() drops the nodes restricted to groups the user lacks; a button that exists
    in the view for all groups (_get_view_cache, before that filtering) but not in the user's is
    a button this user may not click, whatever the method itself checks: refused.
    """
    for node in _buttons(model.get_view(view_type='form')['arch'], method):
        return node.get('string') or node.get('title') or method
    if _buttons(model._get_view_cache(view_type='form')['arch'], method):
        raise AccessError(f'The button {method} of {model._description} is not available to you.')
    return None


class RunAction(_writes.WriteTool):
    name = 'run_action'
    risk = 'write'
    description = 'Run an allowed button method (action_*/button_*) on records.'
    allowed_args = frozenset({'model', 'ids', 'method'})
    required_args = allowed_args

    def _checked(self, env, args):
        method = args['method']
        if not isinstance(method, str) or not _METHOD_NAME.match(method):
            raise _writes.invalid("'method' must be a public method name like 'action_confirm'.")
        patterns = allowlist(env)
        if not any(fnmatch.fnmatchcase(method, pattern) for pattern in patterns):
            raise _writes.invalid(f'{method} is not an action the administrator allows '
                                  f'(allowed: {", ".join(patterns) or "none"}).')
        if hasattr(models.BaseModel, method) and method not in _ORM_BUTTONS:
            raise _writes.invalid(f'{method} is a generic ORM method, not a button.')
        model = _writes.get_model(env, args['model'])
        try:
            func = get_public_method(model, method)  # Odoo's own RPC rule: no _private, no @api.private
        except AttributeError:
            raise _writes.invalid(f'{model._name} has no method {method}.') from None
        _writes.check_callable_without_arguments(func, f'{model._name}.{method}')
        records = _writes.get_records(model, _writes.get_ids(args), 'write')
        return records, func, _form_button_label(model, method) or method

    def _run(self, env, args):
        records, func, label = self._checked(env, args)
        result = _writes.mutate(env, lambda: func(records))
        answer = {'model': records._name, 'method': args['method'], 'label': label,
                  'records': [_preview.record_ref(r) for r in records.exists()]}
        if isinstance(result, dict) and result.get('type'):
            # A window or wizard the assistant cannot fill in; say so rather than pretend.
            answer['opened'] = {'type': result['type'], 'name': str(result.get('name') or ''),
                                'note': 'The button opened a window; the user must finish it in Odoo.'}
        return answer

    def _preview(self, env, args):
        records, _func, label = self._checked(env, args)
        return {'tool': self.name, 'model': records._name, 'model_label': _preview.model_label(records),
                'method': args['method'], 'label': label,
                'records': [_preview.record_ref(r) for r in records]}


TOOL = RunAction()
