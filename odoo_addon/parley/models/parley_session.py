from odoo import _, api, fields, models
from odoo.exceptions import AccessError

NAME_MAX_CHARS = 200


class ParleySession(models.Model):
    _name = 'parley.session'
    _description = 'Parley chat session'
    _order = 'last_activity desc, id desc'

    name = fields.Char(required=True, default=lambda self: _('New chat'))
    user_id = fields.Many2one('res.users', required=True, index=True, ondelete='cascade',
                              default=lambda self: self.env.user)
    active = fields.Boolean(default=True)
    turn_ids = fields.One2many('parley.turn', 'session_id')
    message_ids = fields.One2many('parley.message', 'session_id')
    last_activity = fields.Datetime(default=fields.Datetime.now, index=True)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if 'name' in vals:
                vals['name'] = self._parley_clean_name(vals['name'])
        return super().create(vals_list)

    def write(self, vals):
        # The record rule already limits writes to one's own sessions; this keeps a user from
        # handing a session (and its history) over to someone else.
        if 'user_id' in vals and not self.env.su:
            raise AccessError(_('A Parley session cannot change owner.'))
        if 'name' in vals:
            vals = dict(vals, name=self._parley_clean_name(vals['name']))
        return super().write(vals)

    @api.model
    def _parley_clean_name(self, name):
        name = ' '.join(str(name or '').split())[:NAME_MAX_CHARS]
        return name or _('New chat')

    def _parley_running_turn(self):
        self.ensure_one()
        return self.env['parley.turn'].sudo().search(
            [('session_id', '=', self.id), ('state', '=', 'running')], limit=1)

    def _parley_touch(self):
        self.sudo().write({'last_activity': fields.Datetime.now()})
