"""Panel → Odoo (docs/wire.md §5). Everything runs as the signed-in user; record rules keep each
user to their own sessions. Only the addon's own bookkeeping (turns, messages) is written as sudo."""
import json

from odoo import _, fields, http
from odoo.exceptions import AccessError, UserError
from odoo.http import request

from .. import agent_tools
from ..lib import history, policy
from ..models.parley_bridge import BridgeUnavailable
from ..models.parley_turn import DEFAULT_TIME_LIMIT_S
from ..models.res_config_settings import DEFAULT_MAX_ROUNDS

MAX_TEXT_CHARS = 20_000
MAX_TOKENS = 4096


def _env():
    env = request.env
    if not env.user.has_group('parley.group_user'):
        raise AccessError(_('You are not allowed to use Parley. Ask your administrator to add you '
                            'to the "Parley user" group.'))
    return env


def _session(env, session_id):
    """The user's session, or Odoo's own AccessError/MissingError for anyone else's."""
    if not isinstance(session_id, int) or isinstance(session_id, bool):
        raise UserError(_('Invalid session.'))
    session = env['parley.session'].browse(session_id).exists()
    if not session:
        raise UserError(_('This chat session no longer exists.'))
    session.check_access('read')
    return session


def _own_turn(env, turn_id, message):
    if not isinstance(turn_id, int) or isinstance(turn_id, bool):
        raise UserError(_('Invalid turn.'))
    turn = env['parley.turn'].browse(turn_id).exists()
    if not turn:
        raise UserError(_('This turn no longer exists.'))
    turn.check_access('read')
    if turn.user_id != env.user:
        raise AccessError(message)
    return turn


class ParleyPanelController(http.Controller):

    @http.route('/parley/status', type='json', auth='user')
    def status(self):
        _env()
        return {'bridge': request.env['parley.bridge']._parley_status()}

    @http.route('/parley/sessions/list', type='json', auth='user')
    def sessions_list(self):
        env = _env()
        sessions = env['parley.session'].search([('user_id', '=', env.uid)])
        env['parley.turn']._parley_reap([('session_id', 'in', sessions.ids)])
        running = {turn.session_id.id: turn.id for turn in env['parley.turn'].search(
            [('session_id', 'in', sessions.ids), ('state', '=', 'running')])}
        return [{'id': s.id, 'name': s.name, 'write_date': fields.Datetime.to_string(s.last_activity),
                 'running_turn_id': running.get(s.id)} for s in sessions]

    @http.route('/parley/sessions/create', type='json', auth='user')
    def sessions_create(self, name=None):
        session = _env()['parley.session'].create({'name': name} if name else {})
        return {'id': session.id, 'name': session.name}

    @http.route('/parley/sessions/rename', type='json', auth='user')
    def sessions_rename(self, session_id, name):
        session = _session(_env(), session_id)
        session.write({'name': name})
        return {'id': session.id, 'name': session.name}

    @http.route('/parley/sessions/delete', type='json', auth='user')
    def sessions_delete(self, session_id):
        session = _session(_env(), session_id)
        session.check_access('unlink')
        for turn in session._parley_running_turn():
            self._cancel(turn)
        session.unlink()
        return True

    @http.route('/parley/sessions/history', type='json', auth='user')
    def sessions_history(self, session_id):
        env = _env()
        session = _session(env, session_id)
        env['parley.turn']._parley_reap([('session_id', '=', session.id)])
        turns = env['parley.turn'].search([('session_id', '=', session.id)])
        turn_info = {turn.id: {'state': turn.state, 'error': turn._parley_error(),
                               'tools': json.loads(turn.tool_results or '{}')} for turn in turns}
        # A declined call never reaches the tool route, so no tool.end was stored for it.
        for approval in env['parley.approval'].sudo().search([('turn_id', 'in', turns.ids), ('state', '=', 'denied')]):
            turn_info[approval.turn_id.id]['tools'].setdefault(approval.call_id, {
                'ok': False, 'error': {'code': 'approval_denied', 'message': _('You declined this action.')}})
        rows = [{'id': m.id, 'role': m.role, 'turn_id': m.turn_id.id or None, 'content': json.loads(m.content),
                 'text': m.text, 'is_tool_result': m.is_tool_result}
                for m in env['parley.message'].search([('session_id', '=', session.id)], order='id')]
        running = turns.filtered(lambda turn: turn.state == 'running')[:1]
        pending = env['parley.approval'].sudo().search(
            [('turn_id', '=', running.id), ('state', '=', 'pending')], order='id') if running else []
        return {
            'session': {'id': session.id, 'name': session.name,
                        'write_date': fields.Datetime.to_string(session.last_activity)},
            'messages': history.fold_for_panel(rows, turn_info),
            'running_turn_id': running.id or None,
            # Cards still waiting for a decision, so a reloaded panel shows them again.
            'pending_approvals': [{'turn_id': a.turn_id.id, 'call_id': a.call_id, 'tool': a.tool,
                                   'args': json.loads(a.args), 'preview': a._parley_payload()} for a in pending],
        }

    @http.route('/parley/chat/send', type='json', auth='user')
    def chat_send(self, text, session_id=None, context=None):
        env = _env()
        text = text.strip() if isinstance(text, str) else ''
        if not text:
            raise UserError(_('Type a message first.'))
        if len(text) > MAX_TEXT_CHARS:
            raise UserError(_('A message may be at most %s characters long.', MAX_TEXT_CHARS))
        if session_id is None:
            session = env['parley.session'].create({'name': text[:60]})
        else:
            session = _session(env, session_id)
            session.check_access('write')
        env['parley.turn']._parley_reap([('session_id', '=', session.id)])
        if env['parley.turn']._parley_kill_switch_active():
            raise UserError(_('Parley has been stopped by an administrator.'))
        if session._parley_running_turn():
            raise UserError(_('The assistant is still answering in this chat; stop it or wait.'))

        turn_model = env['parley.turn']
        turn = turn_model.sudo().create({
            'session_id': session.id,
            'model': env['ir.config_parameter'].sudo().get_param('parley.default_model') or False,
            'time_limit_s': turn_model._parley_setting('turn_time_limit_s', DEFAULT_TIME_LIMIT_S),
        })
        message = env['parley.message'].sudo().create(env['parley.message']._parley_values(
            session, turn, {'role': 'user', 'content': [{'type': 'text', 'text': text}]}))
        session._parley_touch()
        token = turn._parley_mint_token()
        payload = self._turn_payload(env, session, turn, context)
        # The bridge checks the token with Odoo from another request before accepting the turn:
        # it must see the committed turn.
        env.cr.commit()
        result = {'session_id': session.id, 'turn_id': turn.id, 'message_id': message.id}
        try:
            env['parley.bridge']._parley_start_turn(token, payload)
        except BridgeUnavailable as error:
            turn._parley_finish('failed', error.code, error.message)
            result['error'] = {'code': error.code, 'message': error.message}
        return result

    @http.route('/parley/chat/cancel', type='json', auth='user')
    def chat_cancel(self, turn_id):
        turn = _own_turn(_env(), turn_id, _('You can only stop your own answers.'))
        self._cancel(turn.sudo())
        return {'state': turn.state}

    @http.route('/parley/chat/decide', type='json', auth='user')
    def chat_decide(self, turn_id, call_id, decision):
        """The user's Approve/Deny on one approval card (DESIGN §5). Only the turn's own user
        decides, only while the turn runs and the request is pending. Approve mints the grant
        that the tool endpoint will require; it goes to the bridge, never to the browser."""
        env = _env()
        turn = _own_turn(env, turn_id, _('You can only decide on your own assistant\'s requests.'))
        if decision not in ('approve', 'deny') or not isinstance(call_id, str):
            raise UserError(_('Invalid decision.'))
        turn = turn.sudo()
        if turn.state != 'running':
            raise UserError(_('This answer is not running any more.'))
        approval = env['parley.approval'].sudo().search(
            [('turn_id', '=', turn.id), ('call_id', '=', call_id)], limit=1)
        if not approval:
            raise UserError(_('There is no such request to decide.'))
        grant = approval._parley_decide(decision, env.user)
        token = turn._parley_token()
        if decision == 'deny':
            # A declined call is audited like a refused one and counts for the circuit breaker.
            # Checked before the audit row is written: that row commits on a cursor of its own,
            # which this request's snapshot cannot see.
            turn._parley_breaker_tripped(unrecorded_failures=1)
            env['parley.tool_call']._parley_record({
                'tool': approval.tool, 'call_id': call_id, 'user_id': turn.user_id.id,
                'session_id': turn.session_id.id, 'turn_id': turn.id, 'args_sha256': approval.args_sha256,
                'args_json': approval.args, 'outcome': 'refused', 'error_code': 'declined',
                'error_message': 'The user declined this call.', 'duration_ms': 0})
        # Commit before the bridge hears of it: the call it releases must find the grant approved.
        request.env.cr.commit()
        bridge = env['parley.bridge']
        if token and turn.state != 'running':
            # This denial tripped the circuit breaker: stop the bridge rather than let it go on.
            bridge._parley_cancel_turn(turn.id, token)
            return {'state': approval.state, 'delivered': False}
        delivered = bool(token) and bridge._parley_send_decision(turn.id, token, call_id, decision, grant)
        return {'state': approval.state, 'delivered': delivered}

    @staticmethod
    def _cancel(turn):
        """Stop the turn in Odoo first (its token dies at once), then tell the bridge."""
        if turn.state != 'running':
            return
        token = turn._parley_token()
        turn._parley_finish('cancelled')
        # Commit before telling the bridge: a concurrent events batch then reads "cancelled", and a
        # serialization retry of this request can no longer happen after the bridge was told.
        request.env.cr.commit()
        if token:
            request.env['parley.bridge']._parley_cancel_turn(turn.id, token)

    def _turn_payload(self, env, session, turn, context):
        messages = env['parley.message'].search([('session_id', '=', session.id)], order='id')
        version, doc = env['parley.policy']._parley_active()
        groups = set(env.user.sudo().groups_id.get_external_id().values())
        # Every tool of the catalogue the bridge can serve (render tools live in the bridge).
        catalogue = dict(policy.TOOL_CATALOGUE, **{name: tool.risk for name, tool in agent_tools.TOOLS.items()})
        params = env['ir.config_parameter'].sudo()
        try:
            max_rounds = min(max(int(params.get_param('parley.max_rounds') or DEFAULT_MAX_ROUNDS), 1), 32)
        except ValueError:
            max_rounds = DEFAULT_MAX_ROUNDS
        payload = {
            'turn_id': turn.id, 'session_id': session.id, 'max_rounds': max_rounds, 'max_tokens': MAX_TOKENS,
            'history': history.history_for_bridge(messages._parley_anthropic()),
            'context': self._context(env, context),
            'policy': {'version': version, 'tools': policy.effective_tools(doc, groups, catalogue)},
        }
        if turn.model:
            payload['model'] = turn.model
        return payload

    @staticmethod
    def _context(env, requested):
        user = env.user
        result = {'user_name': user.name, 'lang': user.lang or 'en_US', 'tz': user.tz or 'UTC',
                  'company': env.company.name}
        if not isinstance(requested, dict):
            return result
        model, record_id = requested.get('model'), requested.get('record_id')
        if not isinstance(model, str) or model not in env or env[model]._abstract:
            return result
        if not env[model].has_access('read'):
            return result
        result['model'] = model
        if isinstance(record_id, int) and not isinstance(record_id, bool) and record_id > 0:
            record = env[model].browse(record_id).exists()
            # Only a record the user may read is named to the model; anything else is dropped.
            if record and record.has_access('read'):
                result.update(record_id=record.id, record_name=record.display_name)
        return result
