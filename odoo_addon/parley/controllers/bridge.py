"""Bridge → Odoo: token introspection and the event stream of a turn (docs/wire.md §3–4)."""
from odoo import fields, http

from ..lib import history
from .common import Refusal, answer, authenticate_bridge_request, bridge_route, read_json_body

MAX_EVENTS_PER_BATCH = 1000
TURN_END_STATES = ('done', 'failed', 'cancelled')
# What each event may carry on to the panel. Anything else is dropped: the bus is not a tunnel.
EVENT_FIELDS = {
    'turn.start': ('model',),
    'text.delta': ('text',),
    'tool.start': ('call_id', 'tool', 'args', 'summary'),
    'tool.end': ('call_id', 'tool', 'ok', 'duration_ms', 'summary', 'error'),
    'approval.request': ('call_id', 'tool', 'args'),
    'artifact': ('artifact_id', 'kind', 'title'),
    # messages are stored, not relayed: the panel already streamed them and reloads history.
    'turn.end': ('status', 'usage', 'error', 'rounds'),
}


def _int(value, default=0):
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else default


def _error(value):
    if not isinstance(value, dict):
        return None
    return {'code': str(value.get('code') or 'error')[:64], 'message': str(value.get('message') or '')[:2000]}


def _clean_events(raw_events):
    if not isinstance(raw_events, list) or len(raw_events) > MAX_EVENTS_PER_BATCH:
        raise Refusal('bad_request', 400, f'events must be a list of at most {MAX_EVENTS_PER_BATCH} events.')
    events = []
    for event in raw_events:
        if not isinstance(event, dict) or not isinstance(event.get('seq'), int) \
                or not isinstance(event.get('type'), str):
            raise Refusal('bad_request', 400, 'Each event needs an integer seq and a type.')
        allowed = EVENT_FIELDS.get(event['type'])
        if allowed is None:
            continue
        clean = {'seq': event['seq'], 'type': event['type'], 'ts': _int(event.get('ts'))}
        clean.update({key: event[key] for key in allowed if key in event})
        if 'error' in clean:
            clean['error'] = _error(clean['error'])
        events.append(clean)
    return events


class ParleyBridgeController(http.Controller):

    @http.route('/parley/bridge/introspect', type='http', auth='none', methods=['POST'], csrf=False, readonly=False)
    @bridge_route(retry_on_conflict=True)
    def introspect(self, **_kwargs):
        claims, _turn, env = authenticate_bridge_request()
        user = env.user
        return answer({
            'uid': claims['uid'], 'sid': claims['sid'], 'tid': claims['tid'], 'db': claims['db'],
            'exp': claims['exp'], 'user_name': user.name, 'lang': user.lang or 'en_US', 'tz': user.tz or 'UTC',
        })

    @http.route('/parley/bridge/events', type='http', auth='none', methods=['POST'], csrf=False, readonly=False)
    @bridge_route(retry_on_conflict=True)
    def events(self, **_kwargs):
        body = read_json_body()
        raw_events = body.get('events')
        has_end = isinstance(raw_events, list) and any(
            isinstance(event, dict) and event.get('type') == 'turn.end' for event in raw_events)
        # After a cancel (or the circuit breaker) the bridge still owes us turn.end with what was
        # produced so far, so the stored history stays valid.
        states = ('running', 'cancelled', 'failed') if has_end else ('running',)
        claims, turn, env = authenticate_bridge_request(states)
        if turn.end_received or (turn.state == 'failed' and turn.error_code != 'circuit_breaker'):
            raise Refusal('turn_not_running', 401)
        if body.get('turn_id') != claims['tid']:
            raise Refusal('bad_request', 400, 'turn_id does not match the token.')
        events = self._with_previews(turn, env, _clean_events(raw_events))
        turn.write({'last_event_at': fields.Datetime.now()})
        turn._parley_record_tools(events)
        # Relayed first so the panel sees the last deltas before the parley.turn_state that
        # _end_turn sends; both reach the bus only when this transaction commits.
        if events:
            turn._parley_relay(events)
        end = next((event for event in events if event['type'] == 'turn.end'), None)
        if end:
            self._end_turn(turn, end, next(raw for raw in raw_events if raw['type'] == 'turn.end'))
        return answer({'state': turn.state})

    @staticmethod
    def _with_previews(turn, env, events):
        """Each approval.request is stored and relayed with the preview Odoo computed as the user
        from the real arguments (never anything the bridge wrote); an unusable one is dropped."""
        kept = []
        approvals = env['parley.approval']
        for event in events:
            if event['type'] == 'approval.request':
                if turn.state != 'running':
                    continue
                preview = approvals._parley_request(turn, env, event.get('call_id'), event.get('tool'),
                                                    event.get('args'))
                if preview is None:
                    continue
                event['preview'] = preview
            kept.append(event)
        return kept

    def _end_turn(self, turn, event, raw_event):
        """Store what the turn produced, then settle its state (a cancel by the user stands)."""
        values = {'end_received': True, 'rounds': _int(event.get('rounds'))}
        usage = event.get('usage') if isinstance(event.get('usage'), dict) else {}
        values.update(usage_input_tokens=_int(usage.get('input_tokens')),
                      usage_output_tokens=_int(usage.get('output_tokens')))
        status = event.get('status') if event.get('status') in TURN_END_STATES else 'failed'
        error = _error(event.get('error'))
        try:
            messages = history.validate_turn_messages(raw_event.get('messages') or [])
        except ValueError as problem:
            messages = []
            status = 'failed'
            error = {'code': 'invalid_turn_end', 'message': f'The answer could not be stored: {problem}'}
        message_model = turn.env['parley.message']
        message_model.create([message_model._parley_values(turn.session_id, turn, message)
                              for message in messages])
        turn.write(values)
        if status == 'done':
            error = None
        turn._parley_finish(status, error and error['code'], error and error['message'])
        turn.session_id._parley_touch()
