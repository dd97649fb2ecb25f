from odoo import fields, models


class ParleyKillWizard(models.TransientModel):
    """The manager's kill switch button: activate or release, with a reason for the journal."""
    _name = 'parley.kill.wizard'
    _description = 'Parley kill switch'

    action = fields.Selection([('activate', 'Stop Parley now'), ('release', 'Release the kill switch')],
                              required=True, default=lambda self: 'release' if self._is_active() else 'activate')
    active_now = fields.Boolean(string='Kill switch is on', default=lambda self: self._is_active(), readonly=True)
    reason = fields.Text()

    def _is_active(self):
        return self.env['parley.kill.event'].sudo()._parley_active()

    def action_confirm(self):
        self.ensure_one()
        events = self.env['parley.kill.event']
        if self.action == 'activate':
            events._parley_activate(self.reason)
        else:
            events._parley_release(self.reason)
        return {'type': 'ir.actions.act_window', 'res_model': 'parley.kill.event', 'view_mode': 'list',
                'name': 'Kill switch', 'target': 'main'}
