"""The kill switch: a manager stops every running turn and every token is refused, at once;
each activation and release is journaled. The time from activation to the last refused call is
measured and printed (not asserted: it depends on the machine)."""
import json
import time

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .bridge_stand_in import BridgeStandIn
from .common import ParleyCase

STAND_IN_PORT = 18872


@tagged('post_install', '-at_install')
class TestKillSwitch(ParleyCase, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bridge = BridgeStandIn(STAND_IN_PORT)
        cls.addClassCleanup(cls.bridge.close)

    def setUp(self):
        super().setUp()
        self.env['ir.config_parameter'].sudo().set_param('parley.bridge_url', self.bridge.url)

    def kill(self, reason='test'):
        wizard = self.env['parley.kill.wizard'].with_user(self.manager).create({'action': 'activate', 'reason': reason})
        wizard.action_confirm()

    def release(self):
        self.env['parley.kill.wizard'].with_user(self.manager).create({'action': 'release'}).action_confirm()

    def test_kill_switch_stops_every_running_turn_and_refuses_every_token(self):
        turns = [self.parley_turn(user) for user in (self.alice, self.bob, self.alice)]
        for turn, token in turns:
            self.assertTrue(self.tool_call(turn, token, 'list_models')[1]['ok'])
        started = time.monotonic()
        self.kill('runaway agent')
        refused_at = []
        for turn, token in turns:
            self.assertEqual((turn.state, turn.error_code), ('failed', 'kill_switch'))
            self.assertRefused(self.tool_call(turn, token, 'list_models'), 401, 'turn_not_running')
            refused_at.append(time.monotonic())
        # A turn that is somehow still marked running (created behind the switch's back) is refused too.
        late_turn, late_token = self.parley_turn(self.bob)
        for path, body in (('/parley/tool/list_models', {'turn_id': late_turn.id, 'call_id': 'x', 'args': {}}),
                           ('/parley/bridge/introspect', {}),
                           ('/parley/bridge/events', {'turn_id': late_turn.id, 'events': []})):
            self.assertRefused(self.bridge_post(path, body, late_token), 401, 'kill_switch')
            refused_at.append(time.monotonic())
        elapsed_ms = (max(refused_at) - started) * 1000
        print(f'\nPARLEY kill switch: activation to last refused call = {elapsed_ms:.1f} ms '
              f'({len(refused_at)} calls refused)')
        [event] = self.env['parley.kill.event'].search([])
        self.assertEqual((event.action, event.user_id, event.reason, event.turns_stopped),
                         ('activate', self.manager, 'runaway agent', 3))

    def test_kill_switch_tells_the_panel_each_turn_stopped(self):
        turn, _token = self.parley_turn(self.alice)
        self.kill()
        self.env.cr.precommit.run()  # bus notifications are written when the transaction commits
        notes = [json.loads(n.message) for n in self.env['bus.bus'].sudo().search([])]
        states = [n['payload'] for n in notes if n['type'] == 'parley.turn_state']
        self.assertIn({'session_id': turn.session_id.id, 'turn_id': turn.id, 'state': 'failed',
                       'error': {'code': 'kill_switch', 'message': 'Parley has been stopped by an administrator.'}},
                      states)

    def test_bridge_is_told_after_commit_with_the_token_of_a_turn_it_runs(self):
        _turn, token = self.parley_turn(self.alice)
        self.kill()
        self.assertFalse([r for r in self.bridge.requests if r['path'] == '/v1/kill'])  # not before commit
        self.env.cr.postcommit.run()
        [sent] = [r for r in self.bridge.requests if r['path'] == '/v1/kill']
        self.assertEqual(sent['authorization'], f'Bearer {token}')

    def test_kill_switch_expires_pending_approvals(self):
        turn, token = self.parley_turn(self.alice)
        approval = self.request_approval(turn, token, 'post_message',
                                         {'model': 'res.partner', 'id': self.alice.partner_id.id, 'body': 'x'})
        self.kill()
        self.assertEqual(approval.state, 'expired')

    def test_chat_send_is_refused_while_the_switch_is_on(self):
        from odoo.tests.common import JsonRpcException
        self.kill()
        self.authenticate('parley_alice', 'parley_alice')
        with self.assertRaisesRegex(JsonRpcException, 'UserError'):
            self.make_jsonrpc_request('/parley/chat/send', {'session_id': None, 'text': 'hello', 'context': None})

    def test_release_lets_new_turns_work_again_and_is_journaled(self):
        self.kill()
        self.release()
        turn, token = self.parley_turn(self.alice)
        self.assertTrue(self.tool_call(turn, token, 'list_models')[1]['ok'])
        self.assertEqual(self.env['parley.kill.event'].search([]).mapped('action'), ['release', 'activate'])

    def test_plain_user_cannot_use_the_kill_switch(self):
        with self.assertRaises(AccessError):
            self.env['parley.kill.event'].with_user(self.alice)._parley_activate('no')
        with self.assertRaises(AccessError):
            self.env['parley.kill.wizard'].with_user(self.alice).create({'action': 'activate'})
        self.assertFalse(self.env['parley.kill.event'].search([]))

    def test_journal_cannot_be_rewritten(self):
        self.kill()
        event = self.env['parley.kill.event'].search([])
        with self.assertRaises(AccessError):
            event.with_user(self.manager).write({'reason': 'nothing happened'})
        with self.assertRaises(AccessError):
            event.with_user(self.manager).unlink()
