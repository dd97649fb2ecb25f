from odoo import api, fields, models

from ..lib import ratelimit


class ParleyRateEvent(models.Model):
    """One tool call let through by a rate limit (lib/ratelimit.py counts these rows in SQL).

    Plain integers rather than relations: rows are written on a short-lived cursor of their own
    and must never wait on locks held by the request that is being rate limited.
    """
    _name = 'parley.rate.event'
    _description = 'Parley rate-limit slot'
    _log_access = False

    tool = fields.Char(required=True, index=True)
    user_id = fields.Integer(index=True)
    session_id = fields.Integer(index=True)
    created_at = fields.Datetime(required=True, index=True)

    @api.model
    def _parley_purge(self):
        ratelimit.purge(self.env.cr)
