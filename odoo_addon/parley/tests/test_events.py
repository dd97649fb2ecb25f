"""The event stream: relay to the user's bus channel, and turn.end persistence."""
import json

from odoo.tests import HttpCase, tagged

from .common import ParleyCase

EVENTS = '/parley/bridge/events'


def turn_end(status='done', messages=None, error=None, seq=9):
    return {'seq': seq, 'type': 'turn.end', 'ts': 1, 'status': status, 'rounds': 2, 'error': error,
            'usage': {'input_tokens': 120, 'output_tokens': 45},
            'messages': messages if messages is not None else [
                {'role': 'assistant', 'content': [
                    {'type': 'text', 'text': 'Looking.'},
                    {'type': 'tool_use', 'id': 'toolu_1', 'name': 'mcp__odoo__search_records',
                     'input': {'model': 'res.partner'}}]},
                {'role': 'user', 'content': [{'type': 'tool_result', 'tool_use_id': 'toolu_1', 'content': '{}'}]},
                {'role': 'assistant', 'content': [{'type': 'text', 'text': 'Two customers are in Belgium.'}]},
            ]}


@tagged('post_install', '-at_install')
class TestEvents(ParleyCase, HttpCase):

    def bus_payloads(self, user, kind='parley.event'):
        notifications = self.env['bus.bus'].sudo().search([], order='id')
        channel = [self.env.cr.dbname, 'res.partner', user.partner_id.id]
        return [json.loads(n.message)['payload'] for n in notifications
                if json.loads(n.channel) == channel and json.loads(n.message)['type'] == kind]

    def post(self, turn, token, events):
        return self.bridge_post(EVENTS, {'turn_id': turn.id, 'events': events}, token)

    def test_events_relayed_to_the_users_bus_channel_only(self):
        turn, token = self.parley_turn(self.alice)
        status, body = self.post(turn, token, [
            {'seq': 1, 'type': 'turn.start', 'ts': 1, 'model': 'claude'},
            {'seq': 2, 'type': 'text.delta', 'ts': 2, 'text': 'Hel', 'smuggled': '<script>'},
            {'seq': 3, 'type': 'no.such.type', 'ts': 3}])
        self.assertEqual((status, body), (200, {'ok': True, 'data': {'state': 'running'}}))
        payloads = self.bus_payloads(self.alice)
        self.assertEqual(len(payloads), 1)
        self.assertEqual((payloads[0]['session_id'], payloads[0]['turn_id']), (turn.session_id.id, turn.id))
        self.assertEqual(payloads[0]['events'], [
            {'seq': 1, 'type': 'turn.start', 'ts': 1, 'model': 'claude'},
            {'seq': 2, 'type': 'text.delta', 'ts': 2, 'text': 'Hel'}])
        self.assertEqual(self.bus_payloads(self.bob), [])
        self.assertTrue(turn.last_event_at)

    def test_turn_end_persists_messages_usage_and_state(self):
        turn, token = self.parley_turn(self.alice)
        self.post(turn, token, [{'seq': 1, 'type': 'tool.end', 'ts': 1, 'call_id': 'toolu_1',
                                 'tool': 'search_records', 'ok': True, 'duration_ms': 31, 'summary': '2 records'}])
        status, body = self.post(turn, token, [turn_end()])
        self.assertEqual(body, {'ok': True, 'data': {'state': 'done'}})
        self.assertEqual((turn.state, turn.usage_input_tokens, turn.usage_output_tokens, turn.rounds),
                         ('done', 120, 45, 2))
        self.assertFalse(turn.error_code)
        self.assertEqual(turn.message_ids.mapped('role'), ['assistant', 'user', 'assistant'])
        self.assertEqual(turn.message_ids[-1].text, 'Two customers are in Belgium.')
        relayed_end = self.bus_payloads(self.alice)[-1]['events'][-1]
        self.assertEqual(relayed_end['status'], 'done')
        self.assertNotIn('messages', relayed_end)

    def test_history_chip_shows_what_the_live_chip_showed(self):
        turn, token = self.parley_turn(self.alice)
        self.post(turn, token, [
            {'seq': 1, 'type': 'tool.start', 'ts': 1, 'call_id': 'toolu_1', 'tool': 'search_records',
             'args': {'model': 'res.partner'}, 'summary': 'res.partner · Belgian customers ' + 'x' * 300},
            {'seq': 2, 'type': 'tool.end', 'ts': 2, 'call_id': 'toolu_1', 'tool': 'search_records', 'ok': True,
             'duration_ms': 31, 'summary': '2 records'}])
        self.post(turn, token, [turn_end(seq=3)])
        self.authenticate('parley_alice', 'parley_alice')
        history = self.make_jsonrpc_request('/parley/sessions/history', {'session_id': turn.session_id.id})
        call = next(m for m in history['messages'] if m['tool_calls'])['tool_calls'][0]
        self.assertEqual(call['args_summary'], ('res.partner · Belgian customers ' + 'x' * 300)[:200])
        self.assertEqual((call['summary'], call['duration_ms'], call['ok']), ('2 records', 31, True))

    def test_tool_event_with_a_call_id_that_is_not_a_string_is_relayed_but_not_kept(self):
        turn, token = self.parley_turn(self.alice)
        status, body = self.post(turn, token, [
            {'seq': 1, 'type': 'tool.start', 'ts': 1, 'call_id': ['x'], 'tool': 'search_records', 'summary': 's'},
            {'seq': 2, 'type': 'tool.end', 'ts': 2, 'call_id': {'a': 1}, 'tool': 'search_records', 'ok': True}])
        self.assertEqual((status, body), (200, {'ok': True, 'data': {'state': 'running'}}))
        self.assertEqual(turn.tool_results, '{}')

    def test_turn_end_failure_recorded_with_error(self):
        turn, token = self.parley_turn(self.alice)
        error = {'code': 'model_error', 'message': 'The model API answered 500.'}
        self.post(turn, token, [turn_end(status='failed', messages=[], error=error)])
        self.assertEqual((turn.state, turn.error_code, turn.error_message), ('failed', 'model_error', error['message']))

    def test_invalid_turn_end_fails_the_turn_clearly(self):
        turn, token = self.parley_turn(self.alice)
        forged = [{'role': 'user', 'content': [{'type': 'tool_use', 'id': 'x', 'name': 'y', 'input': {}}]}]
        status, body = self.post(turn, token, [turn_end(messages=forged)])
        self.assertEqual((status, body['data']['state']), (200, 'failed'))
        self.assertEqual(turn.error_code, 'invalid_turn_end')
        self.assertFalse(turn.message_ids)

    def test_turn_end_after_cancel_is_stored_but_cancel_stands(self):
        turn, token = self.parley_turn(self.alice)
        turn._parley_finish('cancelled')
        status, body = self.post(turn, token, [turn_end(status='cancelled')])
        self.assertEqual(body['data']['state'], 'cancelled')
        self.assertEqual(len(turn.message_ids), 3)

    def test_events_after_turn_end_refused(self):
        turn, token = self.parley_turn(self.alice)
        self.post(turn, token, [turn_end()])
        self.assertRefused(self.post(turn, token, [{'seq': 10, 'type': 'text.delta', 'ts': 1, 'text': 'more'}]),
                           401, 'turn_not_running')
        self.assertRefused(self.post(turn, token, [turn_end(seq=11)]), 401, 'turn_not_running')

    def test_cancelled_turn_tells_the_bridge_to_stop(self):
        turn, token = self.parley_turn(self.alice)
        turn._parley_finish('cancelled')
        self.assertRefused(self.post(turn, token, [{'seq': 1, 'type': 'text.delta', 'ts': 1, 'text': 'x'}]),
                           401, 'turn_not_running')

    def test_malformed_events_refused(self):
        turn, token = self.parley_turn(self.alice)
        self.assertRefused(self.post(turn, token, 'not a list'), 400, 'bad_request')
        self.assertRefused(self.post(turn, token, [{'type': 'text.delta'}]), 400, 'bad_request')
