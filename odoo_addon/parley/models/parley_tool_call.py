import logging

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

ARGS_JSON_MAX_BYTES = 8 * 1024


class ParleyToolCall(models.Model):
    """The audit log: one row per tool call, including refused ones. Append-only."""
    _name = 'parley.tool_call'
    _description = 'Parley tool call (audit log)'
    _order = 'id desc'

    user_id = fields.Many2one('res.users', index=True, ondelete='set null', readonly=True)
    session_id = fields.Many2one('parley.session', index=True, ondelete='set null', readonly=True)
    turn_id = fields.Many2one('parley.turn', index=True, ondelete='set null', readonly=True)
    tool = fields.Char(required=True, readonly=True)
    call_id = fields.Char(readonly=True)
    args_sha256 = fields.Char(string='Arguments SHA-256', readonly=True)
    args_json = fields.Text(string='Arguments', readonly=True, help='Truncated to 8 KB.')
    outcome = fields.Selection([('ok', 'OK'), ('error', 'Error'), ('refused', 'Refused')],
                               required=True, index=True, readonly=True)
    error_code = fields.Char(readonly=True)
    error_message = fields.Text(readonly=True)
    duration_ms = fields.Integer(readonly=True)
    policy_version = fields.Char(readonly=True)
    rows = fields.Integer(readonly=True)
    masked_fields = fields.Char(readonly=True, help='Fields whose values were masked in the result (PII).')

    def write(self, vals):
        self.check_access('write')
        raise UserError(_('The Parley audit log is append-only.'))

    def unlink(self):
        if not self.env.su:
            raise UserError(_('The Parley audit log is append-only.'))
        return super().unlink()

    @api.model
    def _parley_record(self, values):
        """Write one audit row on a separate cursor, committed at once.

        The request's own transaction may be rolled back (the tool failed, the worker dies), and
        the row must survive it. Failing to audit is logged loudly but never hides the answer.
        """
        args_json = values.get('args_json') or ''
        if len(args_json.encode('utf-8')) > ARGS_JSON_MAX_BYTES:
            args_json = args_json.encode('utf-8')[:ARGS_JSON_MAX_BYTES].decode('utf-8', 'ignore') + '…'
        values = dict(values, args_json=args_json)
        try:
            with self.pool.cursor() as cr:
                # Internal bookkeeping only: no tool ever runs in this environment.
                audit_env = api.Environment(cr, SUPERUSER_ID, {})
                audit_env['parley.tool_call'].create(values)
        except Exception:
            _logger.exception('Parley: could not write the audit row for %s', values.get('tool'))
