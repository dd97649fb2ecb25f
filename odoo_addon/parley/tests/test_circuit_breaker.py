"""The circuit breaker: a turn stops itself after N tool calls in a row failed, were refused or
were declined; a success resets the count. Plus the audit row's masked fields (route level)."""
from odoo.tests import HttpCase, tagged

from .bridge_stand_in import BridgeStandIn
from .common import ParleyCase

STAND_IN_PORT = 18873
BAD = {'model': 'no.such.model'}


@tagged('post_install', '-at_install')
class TestCircuitBreaker(ParleyCase, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bridge = BridgeStandIn(STAND_IN_PORT)
        cls.addClassCleanup(cls.bridge.close)

    def setUp(self):
        super().setUp()
        params = self.env['ir.config_parameter'].sudo()
        params.set_param('parley.circuit_breaker_n', '3')
        params.set_param('parley.bridge_url', self.bridge.url)

    def codes(self, turn, token, calls):
        return [body['error']['code'] if not body['ok'] else None
                for _status, body in (self.tool_call(turn, token, name, args) for name, args in calls)]

    def test_runaway_turn_with_failing_calls_is_stopped_by_the_breaker(self):
        turn, token = self.parley_turn(self.alice)
        codes = self.codes(turn, token, [('describe_model', BAD)] * 3)
        self.assertEqual(codes[2], 'circuit_breaker')
        self.assertEqual(codes[0], codes[1])
        self.assertNotEqual(codes[0], 'circuit_breaker')
        self.assertEqual((turn.state, turn.error_code), ('failed', 'circuit_breaker'))
        self.assertRefused(self.tool_call(turn, token, 'list_models'), 401, 'turn_not_running')

    def test_a_success_resets_the_count(self):
        turn, token = self.parley_turn(self.alice)
        codes = self.codes(turn, token, [('describe_model', BAD)] * 2 + [('list_models', {})]
                           + [('describe_model', BAD)] * 2)
        self.assertNotIn('circuit_breaker', codes)
        self.assertEqual(turn.state, 'running')

    def test_refused_calls_count_too(self):
        turn, token = self.parley_turn(self.alice)
        codes = self.codes(turn, token, [('no_such_tool', {})] * 2 + [('update_records', {})])
        self.assertEqual(codes, ['tool_not_available', 'tool_not_available', 'circuit_breaker'])

    def test_declined_approvals_count_too(self):
        turn, token = self.parley_turn(self.alice)
        self.codes(turn, token, [('no_such_tool', {})] * 2)
        self.request_approval(turn, token, 'post_message', {'model': 'res.partner', 'id': 1, 'body': 'x'})
        self.authenticate('parley_alice', 'parley_alice')
        result = self.make_jsonrpc_request('/parley/chat/decide', {'turn_id': turn.id, 'call_id': 'toolu_test',
                                                                   'decision': 'deny'})
        self.env.invalidate_all()
        self.assertEqual(result, {'state': 'denied', 'delivered': False})
        self.assertEqual((turn.state, turn.error_code), ('failed', 'circuit_breaker'))
        # The bridge, waiting on this call, is told to stop (with the turn's own token).
        self.assertEqual(self.bridge.requests[-1]['path'], f'/v1/turns/{turn.id}/cancel')
        self.assertEqual(self.bridge.requests[-1]['authorization'], f'Bearer {token}')

    def test_turn_end_after_the_breaker_is_still_stored(self):
        turn, token = self.parley_turn(self.alice)
        self.codes(turn, token, [('no_such_tool', {})] * 3)
        status, body = self.send_events(turn, token, [{'type': 'turn.end', 'status': 'failed', 'rounds': 1,
                                                       'error': {'code': 'circuit_breaker', 'message': 'x'},
                                                       'messages': [], 'usage': {}}])
        self.assertEqual((status, body['data']['state']), (200, 'failed'))
        self.assertTrue(turn.end_received)

    def test_masked_fields_are_recorded_on_the_audit_row(self):
        partner = self.env['res.partner'].create({'name': 'HA Masked', 'email': 'secret@example.com'})
        turn, token = self.parley_turn(self.alice)
        status, body = self.tool_call(turn, token, 'read_records',
                                      {'model': 'res.partner', 'ids': [partner.id], 'fields': ['email']})
        self.assertTrue(body['ok'], body)
        self.assertNotIn('secret@example.com', str(body))
        row = self.env['parley.tool_call'].sudo().search([('turn_id', '=', turn.id)])
        self.assertIn('email', row.masked_fields)

    def test_a_successful_call_never_writes_the_turn_row(self):
        # The events route updates the turn row many times a second; a tool call that also wrote
        # it lost to those updates with a serialization error and reached the model as a failure.
        turn, token = self.parley_turn(self.alice)
        self.env.flush_all()
        self.env.cr.execute('SELECT ctid FROM parley_turn WHERE id = %s', (turn.id,))
        before = self.env.cr.fetchone()[0]
        status, body = self.tool_call(turn, token, 'list_models', {})
        self.assertTrue(body['ok'], body)
        self.env.cr.execute('SELECT ctid FROM parley_turn WHERE id = %s', (turn.id,))
        self.assertEqual(self.env.cr.fetchone()[0], before)

    def test_a_declined_call_is_audited(self):
        turn, token = self.parley_turn(self.alice)
        self.request_approval(turn, token, 'post_message', {'model': 'res.partner', 'id': 1, 'body': 'x'})
        self.authenticate('parley_alice', 'parley_alice')
        self.make_jsonrpc_request('/parley/chat/decide', {'turn_id': turn.id, 'call_id': 'toolu_test',
                                                          'decision': 'deny'})
        row = self.env['parley.tool_call'].sudo().search([('turn_id', '=', turn.id)])
        self.assertEqual((row.tool, row.outcome, row.error_code), ('post_message', 'refused', 'declined'))

    def test_failed_chart_and_report_stores_count_too(self):
        turn, token = self.parley_turn(self.alice)
        codes = self.codes(turn, token, [('render_chart', {'kind': 'chart'}), ('render_report', {}),
                                         ('render_chart', {})])
        self.assertEqual(codes[2], 'circuit_breaker')
        self.assertEqual(turn.state, 'failed')
