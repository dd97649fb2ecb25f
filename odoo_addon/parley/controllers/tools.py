"""Bridge → Odoo: run one tool as the turn's user (DESIGN §4, docs/wire.md §3 and §6)."""
import json
import logging
import time

from odoo import http
from odoo.http import request

from .. import agent_tools
from ..lib import policy, ratelimit
from ..lib import token as parley_token
from .common import Refusal, answer, answer_error, authenticate_bridge_request, bridge_route, \
    check_edge, read_json_body

_logger = logging.getLogger(__name__)

NOT_AVAILABLE = 'This tool is not available.'


class ToolRefused(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def _rows(data):
    if not isinstance(data, dict):
        return 0
    for key in ('row_count', 'count'):
        if isinstance(data.get(key), int):
            return data[key]
    for key in ('records', 'groups', 'models', 'fields', 'rows'):
        if isinstance(data.get(key), list):
            return len(data[key])
    return 0


def _args_json(args):
    return json.dumps(args, ensure_ascii=False, default=str)[:8192]


def serve_tool_call(name, run, audit_args=_args_json):
    """What every ``/parley/tool/*`` route shares: steps 1–4, the request envelope, and the audit
    (step 11) of every outcome, refusals included. ``run(env, turn, body, args, audit)`` does steps
    5–10 and returns (response, audit values)."""
    started = time.monotonic()
    audit = {'tool': str(name)[:64], 'outcome': 'refused'}
    check_edge()  # outside callers are logged by Odoo, never written to the audit table
    try:
        body = read_json_body()
        args = body.get('args', {})
        audit.update(call_id=str(body.get('call_id') or '')[:128] or False, args_json=audit_args(args))
        claims, turn, env = authenticate_bridge_request()
        audit.update(user_id=turn.user_id.id, session_id=turn.session_id.id, turn_id=turn.id)
        if body.get('turn_id') != claims['tid']:
            raise Refusal('bad_request', 400, 'turn_id does not match the token.')
        if not isinstance(args, dict) or not isinstance(body.get('call_id'), str):
            raise Refusal('bad_request', 400, 'call_id must be a string and args an object.')
        audit['args_sha256'] = parley_token.args_sha256(args)
        response, outcome = run(env, turn, body, args, audit)
    except Refusal as refusal:
        if refusal.turn:
            audit.update(user_id=refusal.turn.user_id.id, session_id=refusal.turn.session_id.id,
                         turn_id=refusal.turn.id)
        audit.update(error_code=refusal.code, error_message=refusal.message)
        _audit(audit, started)
        raise
    audit.update(outcome)
    _audit(audit, started)
    return response


def _audit(audit, started):
    audit = dict(audit, duration_ms=int((time.monotonic() - started) * 1000))
    request.env['parley.tool_call']._parley_record(audit)


def failed_call(turn, outcome, code, message):
    """A failed or refused call; the one that trips the circuit breaker says so (the bridge then
    ends the turn) and the turn is failed, so every later call is refused."""
    if turn._parley_breaker_tripped(unrecorded_failures=1):  # this call's audit row comes later
        message = f'{turn.error_message} The last error was {code}: {message}'
        code = 'circuit_breaker'
    return answer_error(code, message), {'outcome': outcome, 'error_code': code, 'error_message': message}


class ParleyToolController(http.Controller):

    @http.route('/parley/tool/<string:name>', type='http', auth='none', methods=['POST'], csrf=False, readonly=False)
    @bridge_route
    def call_tool(self, name, **_kwargs):
        return serve_tool_call(name, lambda env, turn, body, args, audit: self._run(env, turn, name, body, args, audit))

    def _run(self, env, turn, name, body, args, audit):
        """Steps 5–10: returns (response, audit values). Refusals and errors are data."""
        try:
            tool = agent_tools.TOOLS.get(name)
            version, doc = env['parley.policy']._parley_active()
            audit['policy_version'] = version
            groups = set(env.user.sudo().groups_id.get_external_id().values())
            # Hidden, denied and unknown tools get the very same answer.
            action = policy.evaluate(doc, name, groups, tool.risk) if tool else 'deny'
            if action == 'deny':
                raise ToolRefused('tool_not_available', NOT_AVAILABLE)
            if env.su or env.uid != turn.user_id.id:
                raise RuntimeError('Parley refuses to run a tool as anyone but the turn user')
            slot = self._reserve_rate_limit(turn, name, policy.effective_tools(doc, groups, {name: tool.risk}))
            if action == 'approve':
                try:
                    self._check_approval(turn, name, body, args)
                except ToolRefused:
                    self._release_rate_limit(slot)  # a call that did not run uses no quota
                    raise
            with env.cr.savepoint():
                data = tool.run(env, args)
            data = agent_tools.mask_result(env, name, data)
        except ToolRefused as refused:
            return failed_call(turn, 'refused', refused.code, refused.message)
        except Exception as error:  # noqa: BLE001 — every failure becomes data the model can read
            return failed_call(turn, 'error', *self._error_of(error))
        masked = data.get('masked_fields') if isinstance(data, dict) else None
        return answer(data), {'outcome': 'ok', 'rows': _rows(data),
                              'masked_fields': ', '.join(map(str, masked))[:2000] if masked else False}

    @staticmethod
    def _error_of(error):
        return agent_tools.error_of(error)

    @staticmethod
    def _reserve_rate_limit(turn, name, effective):
        """Step 6: sliding windows counted in PostgreSQL so every worker agrees.

        A fresh, short cursor in READ COMMITTED (see lib/ratelimit.py): the slot is committed at
        once and the advisory locks are not held for the whole tool call. Test mode shares one
        transaction between all cursors, so the isolation switch is impossible and unneeded there.
        """
        limits = effective.get(name, {}).get('limits') or []
        if not limits:
            return None
        registry = request.env.registry
        with registry.cursor() as cr:
            strict = not registry.in_test_mode()
            if strict:
                ratelimit.begin_read_committed(cr)
            reservation = ratelimit.reserve(cr, limits, name, turn.user_id.id, turn.session_id.id, strict=strict)
        if not reservation.allowed:
            raise ToolRefused('rate_limited', f'Too many {name} calls; retry in {reservation.retry_after_s} s.')
        return reservation.event_id

    @staticmethod
    def _release_rate_limit(event_id):
        if event_id:
            with request.env.registry.cursor() as cr:
                ratelimit.release(cr, event_id)

    def _check_approval(self, turn, name, body, args):
        """Step 7: a single-use parley.approval grant, signed by Odoo when the user clicked Approve,
        for exactly this turn, user, call, tool and these arguments (DESIGN §5)."""
        grant = body.get('grant')
        if not grant:
            raise ToolRefused('approval_required', 'This tool needs the user to approve the call in Odoo.')
        try:
            claims = request.env['parley.keyring'].sudo()._parley_verify(grant, parley_token.AUD_APPROVAL)
        except parley_token.TokenError as error:
            raise ToolRefused('approval_invalid', f'The approval grant was refused: {error.message}') from None
        expected = {'tid': turn.id, 'uid': turn.user_id.id, 'sid': turn.session_id.id,
                    'call_id': body.get('call_id'), 'tool': name, 'args_sha256': parley_token.args_sha256(args)}
        wrong = sorted(key for key, value in expected.items() if claims.get(key) != value)
        if wrong:
            what = 'arguments' if wrong == ['args_sha256'] else ', '.join(wrong)
            raise ToolRefused('approval_invalid', f'The approval grant was given for other {what}.')
        if not request.env['parley.approval']._parley_consume(claims):
            raise ToolRefused('approval_invalid', 'The approval grant was already used or withdrawn.')
