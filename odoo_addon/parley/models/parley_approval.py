import json

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..lib import approval
from ..lib import token as parley_token

STATES = [('pending', 'Pending'), ('approved', 'Approved'), ('denied', 'Denied'),
          ('expired', 'Expired'), ('used', 'Used')]
# A grant lives long enough for the bridge to make the call right after the click, no longer.
GRANT_LIFETIME_S = 120
MAX_ARGS_BYTES = 64 * 1024


class ParleyApproval(models.Model):
    """One write the model asked to make, waiting for (or past) its user's decision (DESIGN §5).

    Only the addon writes these rows (as sudo). ``args`` are the arguments exactly as the bridge
    sent them in ``approval.request``; the preview was computed from them, as the user, and the
    grant binds their SHA-256, so a call with any other argument cannot use it.
    """
    _name = 'parley.approval'
    _description = 'Parley approval'
    _order = 'id desc'

    turn_id = fields.Many2one('parley.turn', required=True, index=True, ondelete='cascade', readonly=True)
    user_id = fields.Many2one(related='turn_id.user_id', store=True, index=True)
    session_id = fields.Many2one(related='turn_id.session_id', store=True)
    call_id = fields.Char(required=True, readonly=True)
    tool = fields.Char(required=True, readonly=True)
    args = fields.Text(string='Arguments', required=True, readonly=True)
    args_sha256 = fields.Char(string='Arguments SHA-256', required=True, readonly=True)
    preview = fields.Text(readonly=True)
    state = fields.Selection(STATES, required=True, default='pending', index=True, readonly=True)
    decided_by = fields.Many2one('res.users', readonly=True)
    decided_at = fields.Datetime(readonly=True)
    grant_jti = fields.Char(readonly=True, index=True, copy=False)

    _sql_constraints = [
        ('turn_call_unique', 'UNIQUE(turn_id, call_id)', 'One approval per tool call.'),
    ]

    @api.model
    def _parley_request(self, turn, env, call_id, tool_name, args):
        """Store a pending approval and return its preview (computed as the user), or None when
        the request is unusable (duplicate call id, malformed): nothing is relayed then."""
        from .. import agent_tools  # agent_tools imports models' helpers; keep the cycle lazy
        if not isinstance(call_id, str) or not 0 < len(call_id) <= 128 or not isinstance(tool_name, str) \
                or not isinstance(args, dict):
            return None
        if self.sudo().search_count([('turn_id', '=', turn.id), ('call_id', '=', call_id)]):
            return None  # the first request stands: a second one cannot swap the arguments
        try:
            args_json = parley_token.canonical_json(args)
        except ValueError:
            return None
        preview = self._parley_preview(env, turn, agent_tools, tool_name[:64], args, len(args_json))
        self.sudo().create({
            'turn_id': turn.id, 'call_id': call_id, 'tool': tool_name[:64],
            'args': args_json.decode('utf-8'), 'args_sha256': parley_token.args_sha256(args),
            'preview': json.dumps(preview, ensure_ascii=False, default=str),
        })
        return preview

    @api.model
    def _parley_preview(self, env, turn, agent_tools, tool_name, args, size):
        """What the call would do, as the user; a failure becomes a preview saying why it will fail.

        Nothing a preview does may persist: it runs in a savepoint that is always rolled back.
        """
        tool = agent_tools.TOOLS.get(tool_name)
        action = turn._parley_tool_action(env, tool_name, tool)
        if action == 'deny' or not tool or not hasattr(tool, 'preview'):
            return {'tool': tool_name, 'error': {'code': 'tool_not_available', 'message': 'This tool is not available.'}}
        if size > MAX_ARGS_BYTES:
            return {'tool': tool_name, 'error': {'code': 'validation_error', 'message': 'The arguments are too large.'}}
        savepoint = env.cr.savepoint()
        try:
            return tool.preview(env, args)
        except Exception as error:  # noqa: BLE001 — a preview failure is shown, never raised
            code, message = agent_tools.error_of(error)
            return {'tool': tool_name, 'error': {'code': code, 'message': message}}
        finally:
            savepoint.close(rollback=True)
            env.invalidate_all()

    def _parley_payload(self):
        self.ensure_one()
        return json.loads(self.preview or 'null')

    # ---- decisions (the panel's /parley/chat/decide) ------------------------------------------

    def _parley_decide(self, decision, user):
        """Approve (mint the grant) or deny. Returns the grant or None. Caller commits."""
        self.ensure_one()
        if self.state != 'pending':
            raise UserError(_('This request was already decided or has expired.'))
        values = {'decided_by': user.id, 'decided_at': fields.Datetime.now()}
        if decision != 'approve':
            self.sudo().write(dict(values, state='denied'))
            return None
        turn = self.turn_id
        grant = self.env['parley.keyring']._parley_mint(
            parley_token.AUD_APPROVAL, turn.user_id.id, GRANT_LIFETIME_S, sid=turn.session_id.id,
            tid=turn.id, call_id=self.call_id, tool=self.tool, args_sha256=self.args_sha256)
        claims = self.env['parley.keyring']._parley_verify(grant, parley_token.AUD_APPROVAL)
        self.sudo().write(dict(values, state='approved', grant_jti=claims['jti']))
        return grant

    @api.model
    def _parley_consume(self, claims):
        """Mark the grant used on a cursor of its own, committed at once (lib/approval.py): of two
        calls presenting one grant, exactly one gets True. A grant is spent even if the tool fails."""
        with self.env.registry.cursor() as cr:
            return approval.consume(cr, claims)

    @api.model
    def _parley_expire(self, turns):
        """Approvals still open when their turn ends can never be used."""
        open_ = self.sudo().search([('turn_id', 'in', turns.ids), ('state', 'in', ('pending', 'approved'))])
        open_.write({'state': 'expired'})
