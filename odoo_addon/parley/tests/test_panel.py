"""Panel routes (docs/wire.md §5) as a signed-in user. The bridge is not running in this tier
(HttpCase serialises requests on one cursor, so a live bridge calling back would deadlock);
real turns are covered end to end against a real server."""
import json

from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from .. import agent_tools
from ..lib import policy
from ..controllers.panel import ParleyPanelController
from .common import ParleyCase

# Inside this helper's port range, with nothing listening on it.
DEAD_BRIDGE = 'http://127.0.0.1:18249'


@tagged('post_install', '-at_install')
class TestPanelRoutes(ParleyCase, HttpCase):

    def setUp(self):
        super().setUp()
        self.env['ir.config_parameter'].sudo().set_param('parley.bridge_url', DEAD_BRIDGE)
        self.authenticate('parley_alice', 'parley_alice')

    def rpc(self, route, **params):
        result = self.make_jsonrpc_request(route, params)
        self.env.invalidate_all()
        return result

    def test_chat_send_with_bridge_down_keeps_message_and_fails_turn(self):
        result = self.rpc('/parley/chat/send', session_id=None, text='which customers are in Belgium?', context=None)
        self.assertEqual(result['error']['code'], 'bridge_unreachable')
        self.assertIn('not running', result['error']['message'])
        turn = self.env['parley.turn'].browse(result['turn_id'])
        self.assertEqual((turn.state, turn.error_code), ('failed', 'bridge_unreachable'))
        self.assertIsNone(turn._parley_token())
        history = self.rpc('/parley/sessions/history', session_id=result['session_id'])
        self.assertEqual([m['text'] for m in history['messages']], ['which customers are in Belgium?'])
        self.assertEqual(history['messages'][0]['turn_state'], 'failed')
        self.assertEqual(history['messages'][0]['error']['code'], 'bridge_unreachable')
        self.assertIsNone(history['running_turn_id'])

    def test_non_loopback_bridge_url_never_gets_a_token(self):
        self.env['ir.config_parameter'].sudo().set_param('parley.bridge_url', 'http://203.0.113.5:8765')
        result = self.rpc('/parley/chat/send', session_id=None, text='hello', context=None)
        self.assertEqual(result['error']['code'], 'bridge_not_loopback')

    def test_status_reports_unreachable_bridge(self):
        status = self.rpc('/parley/status')['bridge']
        self.assertFalse(status['reachable'])
        self.assertTrue(status['message'])

    def test_sessions_create_rename_list_delete(self):
        first = self.rpc('/parley/sessions/create', name='First')
        second = self.rpc('/parley/sessions/create')
        renamed = self.rpc('/parley/sessions/rename', session_id=second['id'], name='  Second   chat ')
        self.assertEqual(renamed['name'], 'Second chat')
        listed = self.rpc('/parley/sessions/list')
        self.assertEqual({s['id'] for s in listed}, {first['id'], second['id']})
        self.assertTrue(self.rpc('/parley/sessions/delete', session_id=first['id']))
        self.assertEqual([s['id'] for s in self.rpc('/parley/sessions/list')], [second['id']])

    def test_other_users_session_unreadable_through_routes(self):
        bobs = self.parley_session(self.bob, 'secret plans')
        for route, params in (('/parley/sessions/history', {}), ('/parley/sessions/rename', {'name': 'x'}),
                              ('/parley/sessions/delete', {}),
                              ('/parley/chat/send', {'text': 'hi', 'context': None})):
            with self.subTest(route=route), self.assertRaises(JsonRpcException) as caught:
                self.rpc(route, session_id=bobs.id, **params)
            self.assertIn('AccessError', str(caught.exception))
        self.assertNotIn(bobs.id, [s['id'] for s in self.rpc('/parley/sessions/list')])
        self.assertEqual(bobs.name, 'secret plans')

    def test_other_users_turn_cannot_be_cancelled(self):
        turn, _token = self.parley_turn(self.bob)
        with self.assertRaises(JsonRpcException):
            self.rpc('/parley/chat/cancel', turn_id=turn.id)
        self.assertEqual(turn.state, 'running')

    def test_cancel_stops_own_turn(self):
        turn, _token = self.parley_turn(self.alice)
        self.assertEqual(self.rpc('/parley/chat/cancel', turn_id=turn.id), {'state': 'cancelled'})
        self.assertEqual(turn.state, 'cancelled')

    def test_send_refused_while_a_turn_runs(self):
        turn, _token = self.parley_turn(self.alice)
        with self.assertRaises(JsonRpcException):
            self.rpc('/parley/chat/send', session_id=turn.session_id.id, text='again', context=None)

    def test_user_outside_parley_group_refused(self):
        self.authenticate('parley_outsider', 'parley_outsider')
        with self.assertRaises(JsonRpcException) as caught:
            self.rpc('/parley/chat/send', session_id=None, text='hello', context=None)
        self.assertIn('AccessError', str(caught.exception))
        self.assertFalse(self.env['parley.session'].sudo().search([('user_id', '=', self.outsider.id)]))

    def test_empty_message_refused(self):
        with self.assertRaises(JsonRpcException):
            self.rpc('/parley/chat/send', session_id=None, text='   ', context=None)


@tagged('post_install', '-at_install')
class TestTurnContext(ParleyCase, HttpCase):
    """What the model is told about the user's screen: only what the user may read."""

    def test_readable_record_named(self):
        partner = self.env['res.partner'].create({'name': 'Azure Interior Test'})
        context = ParleyPanelController._context(self.env(user=self.alice),
                                                 {'model': 'res.partner', 'record_id': partner.id})
        self.assertEqual((context['model'], context['record_id'], context['record_name']),
                         ('res.partner', partner.id, 'Azure Interior Test'))
        self.assertEqual(context['user_name'], 'Alice Parley')

    def test_unreadable_or_missing_record_dropped(self):
        env = self.env(user=self.alice)
        for requested in ({'model': 'ir.cron', 'record_id': 1}, {'model': 'res.partner', 'record_id': 10 ** 9},
                          {'model': 'no.such.model', 'record_id': 1}, {'model': 'res.partner', 'record_id': '1'}):
            with self.subTest(requested=requested):
                context = ParleyPanelController._context(env, requested)
                self.assertNotIn('record_id', context)
                self.assertNotIn('record_name', context)

    def test_turn_payload_offers_only_the_users_tools(self):
        doc = self.env['parley.policy']._parley_active()[1]
        doc['hide'] = ['describe_model']
        self.env['parley.policy'].sudo().create({'name': 'test', 'document': json.dumps(doc)})
        turn, _token = self.parley_turn(self.alice)
        self.env['parley.message'].sudo().create(self.env['parley.message']._parley_values(
            turn.session_id, turn, {'role': 'user', 'content': [{'type': 'text', 'text': 'hi'}]}))
        env = self.env(user=self.alice)
        payload = ParleyPanelController()._turn_payload(env, turn.session_id.with_env(env), turn, None)
        tools = payload['policy']['tools']
        self.assertLessEqual(set(tools), set(agent_tools.TOOLS) | set(policy.TOOL_CATALOGUE))
        self.assertNotIn('describe_model', tools)  # hidden
        self.assertNotIn('sql_select', tools)  # SQL analysts only
        self.assertEqual(tools['search_records']['action'], 'allow')
        self.assertEqual(tools['create_record']['action'], 'approve')
        self.assertEqual(payload['history'], [{'role': 'user', 'content': [{'type': 'text', 'text': 'hi'}]}])
        self.assertEqual((payload['turn_id'], payload['session_id']), (turn.id, turn.session_id.id))
        self.assertTrue(1 <= payload['max_rounds'] <= 32)
