import logging

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

_logger = logging.getLogger(__name__)

ACTIONS = [('activate', 'Activated'), ('release', 'Released')]


class ParleyKillEvent(models.Model):
    """The kill switch's journal: one row per activation or release, never changed afterwards.

    The newest row says whether the switch is on; every bridge-facing route checks it (DESIGN §4
    step 4), so tokens are refused from the commit of an activation on.
    """
    _name = 'parley.kill.event'
    _description = 'Parley kill switch event'
    _order = 'id desc'

    action = fields.Selection(ACTIONS, required=True, readonly=True)
    user_id = fields.Many2one('res.users', string='By', required=True, readonly=True, ondelete='restrict')
    reason = fields.Text(readonly=True)
    turns_stopped = fields.Integer(readonly=True)

    @api.model
    def _parley_active(self):
        self.env.cr.execute('SELECT action FROM parley_kill_event ORDER BY id DESC LIMIT 1')
        row = self.env.cr.fetchone()
        return bool(row) and row[0] == 'activate'

    @api.model
    def _parley_check_manager(self):
        if not self.env.user.has_group('parley.group_manager'):
            raise AccessError(_('Only Parley managers may use the kill switch.'))

    @api.model
    def _parley_activate(self, reason=''):
        """Stop every running turn, refuse every token, and tell the bridge (after commit)."""
        self._parley_check_manager()
        turns = self.env['parley.turn'].sudo().search([('state', '=', 'running')])
        # The bridge knows its turns by their tokens: re-create them before the turns stop.
        tokens = [token for token in (turn._parley_token() for turn in turns) if token]
        event = self.sudo().create({'action': 'activate', 'user_id': self.env.uid, 'reason': reason or False,
                                    'turns_stopped': len(turns)})
        turns._parley_finish('failed', 'kill_switch', _('Parley has been stopped by an administrator.'))
        _logger.warning('Parley kill switch activated by %s (uid %s): %s turn(s) stopped',
                        self.env.user.login, self.env.uid, len(turns))
        self.env['parley.bridge']._parley_kill_after_commit(tokens)
        return event

    @api.model
    def _parley_release(self, reason=''):
        self._parley_check_manager()
        _logger.warning('Parley kill switch released by %s (uid %s)', self.env.user.login, self.env.uid)
        return self.sudo().create({'action': 'release', 'user_id': self.env.uid, 'reason': reason or False})

    def write(self, vals):
        raise AccessError(_('The kill switch journal cannot be changed.'))

    def unlink(self):
        if not self.env.su:
            raise AccessError(_('The kill switch journal cannot be changed.'))
        return super().unlink()
