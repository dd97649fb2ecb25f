from odoo import _, fields, models
from odoo.exceptions import UserError


class ParleyPolicyRevision(models.Model):
    """Every saved version of a policy document, who saved it and when (append-only)."""
    _name = 'parley.policy.revision'
    _description = 'Parley tool policy revision'
    _order = 'id desc'

    policy_id = fields.Many2one('parley.policy', required=True, index=True, ondelete='cascade', readonly=True)
    revision = fields.Integer(required=True, readonly=True)
    document = fields.Text(required=True, readonly=True)
    # create_uid/create_date say who saved it and when.

    def write(self, vals):
        raise UserError(_('Policy revisions cannot be changed.'))
