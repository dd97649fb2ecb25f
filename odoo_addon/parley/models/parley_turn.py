import json
from datetime import timedelta

from odoo import _, api, fields, models

from ..lib import policy
from ..lib import token as parley_token

STATES = [('running', 'Running'), ('done', 'Done'), ('failed', 'Failed'), ('cancelled', 'Cancelled')]
DEFAULT_TIME_LIMIT_S = 600
DEFAULT_REAPER_THRESHOLD_S = 90
DEFAULT_CIRCUIT_BREAKER_N = 5
MAX_ARGS_SUMMARY_CHARS = 200


class ParleyTurn(models.Model):
    """One user message and the agent's work on it. Only the addon writes turns (as sudo, on its
    own records); users read their own. The turn token is valid only while ``state == running``."""
    _name = 'parley.turn'
    _description = 'Parley chat turn'
    _order = 'id desc'

    session_id = fields.Many2one('parley.session', required=True, index=True, ondelete='cascade')
    user_id = fields.Many2one(related='session_id.user_id', store=True, index=True)
    state = fields.Selection(STATES, required=True, default='running', index=True)
    error_code = fields.Char()
    error_message = fields.Text()
    started_at = fields.Datetime(required=True, default=fields.Datetime.now)
    ended_at = fields.Datetime()
    last_event_at = fields.Datetime(default=fields.Datetime.now)
    time_limit_s = fields.Integer(default=DEFAULT_TIME_LIMIT_S)
    usage_input_tokens = fields.Integer()
    usage_output_tokens = fields.Integer()
    rounds = fields.Integer()
    model = fields.Char()
    # The token itself is never stored (a database reader could replay it): only what is needed
    # to re-create it, which also requires the key on disk.
    token_jti = fields.Char(copy=False, readonly=True)
    token_iat = fields.Integer(copy=False, readonly=True)
    end_received = fields.Boolean(copy=False, help='The bridge posted turn.end.')
    tool_results = fields.Text(default='{}', help='tool.end events by call_id, as JSON, for the panel.')
    message_ids = fields.One2many('parley.message', 'turn_id')

    @api.model
    def _parley_setting(self, key, default):
        value = self.env['ir.config_parameter'].sudo().get_param(f'parley.{key}')
        try:
            return int(value) if value not in (None, False, '') else default
        except ValueError:
            return default

    def _parley_mint_token(self):
        """Mint the turn token; its lifetime is the turn's time limit."""
        self.ensure_one()
        token = self._parley_token(mint=True)
        claims = self.env['parley.keyring']._parley_verify(token, parley_token.AUD_TOOLS)
        self.sudo().write({'token_jti': claims['jti'], 'token_iat': claims['iat']})
        return token

    def _parley_token(self, mint=False):
        """The token of this running turn, re-created from its claims (None once it stopped).

        The bridge compares the token it is shown with the one the turn started with, so Odoo
        must present the very same string, e.g. to cancel.
        """
        self.ensure_one()
        if not mint and (self.state != 'running' or not self.token_jti):
            return None
        return self.env['parley.keyring']._parley_mint(
            parley_token.AUD_TOOLS, self.user_id.id, self.time_limit_s,
            now=None if mint else self.token_iat, jti=None if mint else self.token_jti,
            sid=self.session_id.id, tid=self.id)

    @api.model
    def _parley_kill_switch_active(self):
        """True while a manager's kill switch is on (checked at every bridge call, DESIGN §4.4)."""
        return self.env['parley.kill.event'].sudo()._parley_active()

    def _parley_tool_action(self, env, name, tool):
        """The policy's action for ``name`` for this turn's user: allow, approve or deny.

        Unknown tools and tools whose risk the catalogue does not confirm are denied.
        """
        self.ensure_one()
        risk = getattr(tool, 'risk', None) or policy.TOOL_CATALOGUE.get(name)
        if risk is None or policy.TOOL_CATALOGUE.get(name, risk) != risk:
            return 'deny'
        _version, doc = env['parley.policy']._parley_active()
        groups = set(self.user_id.sudo().groups_id.get_external_id().values())
        return policy.evaluate(doc, name, groups, risk)

    def _parley_breaker_tripped(self, unrecorded_failures=0):
        """Circuit breaker (issue 4): True when the calls of this turn that failed, were refused or
        were declined in a row — counted from the audit log, plus ``unrecorded_failures`` not yet
        written there — reach the setting; the turn is then failed.

        The count is read from the insert-only audit log rather than kept on the turn row: the
        events route updates that row every few milliseconds, and a second writer there made tool
        calls fail with serialization errors."""
        self.ensure_one()
        self.env.cr.execute("""
            SELECT count(*) FROM parley_tool_call
             WHERE turn_id = %(turn)s AND outcome != 'ok'
               AND id > COALESCE((SELECT max(id) FROM parley_tool_call
                                   WHERE turn_id = %(turn)s AND outcome = 'ok'), 0)
        """, {'turn': self.id})
        count = self.env.cr.fetchone()[0] + unrecorded_failures
        limit = self._parley_setting('circuit_breaker_n', DEFAULT_CIRCUIT_BREAKER_N)
        if count < max(limit, 1) or self.state != 'running':
            return False
        self._parley_finish('failed', 'circuit_breaker', _(
            'The assistant stopped after %s tool calls in a row failed or were declined.', count))
        return True

    def _parley_finish(self, state, error_code=None, error_message=None):
        """Stop running turns (others are left as they are); the user is told over the bus."""
        running = self.filtered(lambda turn: turn.state == 'running')
        if not running:
            return
        running.sudo().write({
            'state': state, 'error_code': error_code or False, 'error_message': error_message or False,
            'ended_at': fields.Datetime.now(),
        })
        self.env['parley.approval']._parley_expire(running)
        running._parley_notify_state()

    def _parley_error(self):
        self.ensure_one()
        if not self.error_code:
            return None
        return {'code': self.error_code, 'message': self.error_message or ''}

    def _parley_notify_state(self):
        for turn in self:
            turn.user_id.partner_id._bus_send('parley.turn_state', {
                'session_id': turn.session_id.id, 'turn_id': turn.id,
                'state': turn.state, 'error': turn._parley_error(),
            })

    def _parley_relay(self, events):
        self.ensure_one()
        self.user_id.partner_id._bus_send('parley.event', {
            'session_id': self.session_id.id, 'turn_id': self.id, 'events': events})

    def _parley_record_tools(self, events):
        """Keep what each chip showed (tool.start's short arguments, tool.end's outcome) so a
        reloaded panel, and the panel at the end of the turn, show the same chips."""
        self.ensure_one()
        calls = [event for event in events if event.get('type') in ('tool.start', 'tool.end')
                 and isinstance(event.get('call_id'), str) and 0 < len(event['call_id']) <= 128]
        if not calls:
            return
        known = json.loads(self.tool_results or '{}')
        for event in calls:
            call = known.setdefault(event['call_id'], {})
            if event['type'] == 'tool.start':
                summary = event.get('summary')
                call['args_summary'] = summary[:MAX_ARGS_SUMMARY_CHARS] if isinstance(summary, str) else None
            else:
                call.update({key: event.get(key) for key in ('ok', 'summary', 'duration_ms', 'error')})
        self.sudo().tool_results = json.dumps(known)

    @api.model
    def _parley_reap(self, domain=None):
        """Fail running turns whose bridge went silent or that outlived their time limit.

        Runs every minute from cron and before sessions and history are shown, so a user never
        waits on a turn nobody is working on. Their message stays.
        """
        threshold = self._parley_setting('reaper_threshold_s', DEFAULT_REAPER_THRESHOLD_S)
        now = fields.Datetime.now()
        running = self.sudo().search([('state', '=', 'running')] + (domain or []))
        silent = running.filtered(lambda t: (t.last_event_at or t.started_at) < now - timedelta(seconds=threshold))
        overdue = (running - silent).filtered(lambda t: t.started_at < now - timedelta(seconds=t.time_limit_s))
        silent._parley_finish('failed', 'bridge_silent', _(
            'The assistant stopped responding (no news from the Parley bridge for %s seconds). '
            'Your message is kept; send it again to retry.', threshold))
        overdue._parley_finish('failed', 'turn_timeout', _(
            'The assistant took longer than the time limit for one answer. '
            'Your message is kept; try a narrower question.'))
        return silent | overdue
