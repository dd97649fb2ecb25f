"""Approvals signed by Odoo (DESIGN §5), through the real routes: the bridge's approval.request
(stored, previewed as the user), the panel's /parley/chat/decide, and the tool endpoint's step 7.

Each bypass test is named after the attack. The grant never reaches the browser: the tests read
it where Odoo sends it, at a stand-in for the bridge's /v1/turns/:id/approvals.
"""
import json
import time

from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException, new_test_user

from ..lib import token as parley_token
from .bridge_stand_in import BridgeStandIn
from .common import ParleyCase

STAND_IN_PORT = 18871


@tagged('post_install', '-at_install')
class TestApprovals(ParleyCase, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.writer = new_test_user(cls.env, 'ha_writer', name='Writer Parley',
                                   groups='base.group_user,base.group_partner_manager,parley.group_user')
        cls.other_writer = new_test_user(cls.env, 'ha_writer2', name='Other Writer',
                                         groups='base.group_user,base.group_partner_manager,parley.group_user')
        cls.bridge = BridgeStandIn(STAND_IN_PORT)
        cls.addClassCleanup(cls.bridge.close)

    def setUp(self):
        super().setUp()
        self.env['ir.config_parameter'].sudo().set_param('parley.bridge_url', self.bridge.url)
        self.partner = self.env['res.partner'].create({'name': 'HA Approval Target', 'email': 'target@example.com'})
        self.doomed = self.env['res.partner'].create({'name': 'HA Doomed'})
        self.turn, self.token = self.parley_turn(self.writer)

    def decide(self, turn, call_id, decision, login='ha_writer'):
        self.authenticate(login, login)
        result = self.make_jsonrpc_request('/parley/chat/decide',
                                           {'turn_id': turn.id, 'call_id': call_id, 'decision': decision})
        self.env.invalidate_all()
        return result

    def approve(self, turn, token, tool, args, call_id='toolu_test'):
        """The whole human-in-the-loop path; returns the grant Odoo sent to the bridge."""
        self.request_approval(turn, token, tool, args, call_id)
        result = self.decide(turn, call_id, 'approve', turn.user_id.login)
        self.assertEqual(result, {'state': 'approved', 'delivered': True})
        sent = self.bridge.decisions()[-1]
        self.assertEqual(sent['path'], f'/v1/turns/{turn.id}/approvals')
        self.assertEqual(sent['authorization'], f'Bearer {token}')  # the turn's own token
        self.assertEqual((sent['body']['call_id'], sent['body']['decision']), (call_id, 'approve'))
        return sent['body']['grant']

    def call(self, tool, args, grant=None, turn=None, token=None, call_id='toolu_test'):
        turn, token = turn or self.turn, token or self.token
        body = {'turn_id': turn.id, 'call_id': call_id, 'args': args}
        if grant:
            body['grant'] = grant
        return self.bridge_post(f'/parley/tool/{tool}', body, token)

    def write_calls(self):
        return {
            'create_record': {'model': 'res.partner', 'values': {'name': 'HA Created By Grant'}},
            'update_records': {'model': 'res.partner', 'ids': [self.partner.id], 'values': {'name': 'HA Renamed'}},
            'run_action': {'model': 'res.partner', 'ids': [self.partner.id], 'method': 'action_archive'},
            'post_message': {'model': 'res.partner', 'id': self.partner.id, 'body': 'HA note'},
            'delete_records': {'model': 'res.partner', 'ids': [self.doomed.id]},
        }

    def assert_nothing_written(self):
        self.partner.invalidate_recordset()
        self.assertEqual((self.partner.name, self.partner.active), ('HA Approval Target', True))
        self.assertTrue(self.doomed.exists())
        self.assertFalse(self.env['res.partner'].search([('name', '=', 'HA Created By Grant')]))
        self.assertFalse(self.partner.message_ids.filtered(lambda m: 'HA note' in (m.body or '')))

    # -- the honest path ----------------------------------------------------------------------

    def test_each_write_tool_without_a_grant_is_refused_and_writes_nothing(self):
        for tool, args in self.write_calls().items():
            with self.subTest(tool=tool):
                turn, token = self.parley_turn(self.writer)  # one turn each: 5 refusals trip the breaker
                self.assertRefused(self.call(tool, args, turn=turn, token=token), 200, 'approval_required')
        self.assert_nothing_written()

    def test_each_write_tool_runs_once_with_the_grant_for_its_exact_call(self):
        for index, (tool, args) in enumerate(self.write_calls().items()):
            with self.subTest(tool=tool):
                call_id = f'toolu_w{index}'
                grant = self.approve(self.turn, self.token, tool, args, call_id)
                status, body = self.call(tool, args, grant, call_id=call_id)
                self.assertEqual((status, body['ok']), (200, True), body)
                approval = self.env['parley.approval'].sudo().search([('call_id', '=', call_id)])
                self.assertEqual((approval.state, approval.decided_by), ('used', self.writer))
        self.assertTrue(self.env['res.partner'].search([('name', '=', 'HA Created By Grant')]))
        self.assertFalse(self.doomed.exists())
        self.partner.invalidate_recordset()
        self.assertEqual((self.partner.name, self.partner.active), ('HA Renamed', False))

    def test_approval_request_is_relayed_with_odoos_preview_not_the_bridges(self):
        args = {'model': 'res.partner', 'ids': [self.partner.id], 'values': {'name': 'HA New Name'}}
        self.send_events(self.turn, self.token, [{'type': 'approval.request', 'call_id': 'toolu_p', 'tool':
                                                  'update_records', 'args': args,
                                                  'preview': {'records': [{'name': 'harmless'}]}}])
        notes = [n for n in self.env['bus.bus'].sudo().search([], order='id') if '"parley.event"' in n.message]
        event = json.loads(notes[-1].message)['payload']['events'][-1]
        self.assertEqual((event['type'], event['call_id'], event['tool'], event['args']),
                         ('approval.request', 'toolu_p', 'update_records', args))
        [record] = event['preview']['records']
        self.assertEqual(record['name'], 'HA Approval Target')
        self.assertEqual([(c['field'], c['old'], c['new']) for c in record['changes']],
                         [('name', 'HA Approval Target', 'HA New Name')])
        self.assert_nothing_written()  # computing a preview writes nothing

    def test_preview_of_a_call_that_will_fail_says_why(self):
        approval = self.request_approval(self.turn, self.token, 'update_records',
                                         {'model': 'res.users', 'ids': [self.writer.id], 'values': {'login': 'x'}})
        self.assertIn('error', approval._parley_payload())
        self.assertEqual(approval.state, 'pending')

    def test_second_approval_request_for_a_call_cannot_swap_the_arguments(self):
        first = {'model': 'res.partner', 'ids': [self.partner.id], 'values': {'name': 'HA Harmless'}}
        approval = self.request_approval(self.turn, self.token, 'update_records', first, 'toolu_dup')
        self.request_approval(self.turn, self.token, 'delete_records',
                              {'model': 'res.partner', 'ids': [self.partner.id]}, 'toolu_dup')
        self.assertEqual((approval.tool, approval.args_sha256), ('update_records', parley_token.args_sha256(first)))

    # -- bypass attempts: each must fail and write nothing -------------------------------------

    def test_replayed_grant_is_refused(self):
        args = self.write_calls()['update_records']
        grant = self.approve(self.turn, self.token, 'update_records', args)
        self.assertTrue(self.call('update_records', args, grant)[1]['ok'])
        self.partner.write({'name': 'HA Approval Target'})
        self.assertRefused(self.call('update_records', args, grant), 200, 'approval_invalid')
        self.assert_nothing_written()

    def test_grant_for_other_arguments_one_value_changed_is_refused(self):
        args = self.write_calls()['update_records']
        grant = self.approve(self.turn, self.token, 'update_records', args)
        changed = dict(args, values={'name': 'HA Renamed!'})
        result = self.call('update_records', changed, grant)
        self.assertRefused(result, 200, 'approval_invalid')
        self.assertIn('other arguments', result[1]['error']['message'])
        self.assert_nothing_written()

    def test_grant_for_another_call_id_is_refused(self):
        args = self.write_calls()['update_records']
        grant = self.approve(self.turn, self.token, 'update_records', args, 'toolu_a')
        self.assertRefused(self.call('update_records', args, grant, call_id='toolu_b'), 200, 'approval_invalid')
        self.assert_nothing_written()

    def test_grant_for_another_tool_is_refused(self):
        grant = self.approve(self.turn, self.token, 'update_records', self.write_calls()['update_records'])
        self.assertRefused(self.call('delete_records', self.write_calls()['delete_records'], grant),
                           200, 'approval_invalid')
        self.assert_nothing_written()

    def test_grant_for_another_turn_of_the_same_user_is_refused(self):
        args = self.write_calls()['update_records']
        grant = self.approve(self.turn, self.token, 'update_records', args)
        other_turn, other_token = self.parley_turn(self.writer)
        self.assertRefused(self.call('update_records', args, grant, other_turn, other_token), 200, 'approval_invalid')
        self.assert_nothing_written()

    def test_grant_of_another_user_is_refused(self):
        args = self.write_calls()['update_records']
        grant = self.approve(self.turn, self.token, 'update_records', args)
        bob_turn, bob_token = self.parley_turn(self.other_writer)
        self.assertRefused(self.call('update_records', args, grant, bob_turn, bob_token), 200, 'approval_invalid')
        self.assert_nothing_written()

    def test_expired_grant_is_refused(self):
        args = self.write_calls()['update_records']
        approval = self.request_approval(self.turn, self.token, 'update_records', args)
        grant = self.env['parley.keyring']._parley_mint(
            parley_token.AUD_APPROVAL, self.writer.id, 120, now=int(time.time()) - 1000,
            sid=self.turn.session_id.id, tid=self.turn.id, call_id='toolu_test', tool='update_records',
            args_sha256=approval.args_sha256)
        approval.write({'state': 'approved', 'grant_jti': _claims(grant)['jti']})
        result = self.call('update_records', args, grant)
        self.assertRefused(result, 200, 'approval_invalid')
        self.assertIn('expired', result[1]['error']['message'])
        self.assert_nothing_written()

    def test_grant_forged_with_a_wrong_key_is_refused(self):
        args = self.write_calls()['update_records']
        approval = self.request_approval(self.turn, self.token, 'update_records', args)
        grant = parley_token.mint(b'\x07' * 32, aud=parley_token.AUD_APPROVAL, db=self.env.cr.dbname,
                                  uid=self.writer.id, lifetime_s=120, sid=self.turn.session_id.id, tid=self.turn.id,
                                  call_id='toolu_test', tool='update_records', args_sha256=approval.args_sha256)
        approval.write({'state': 'approved', 'grant_jti': _claims(grant)['jti']})
        result = self.call('update_records', args, grant)
        self.assertRefused(result, 200, 'approval_invalid')
        self.assertIn('signature', result[1]['error']['message'])
        self.assert_nothing_written()

    def test_turn_token_presented_as_a_grant_is_refused(self):
        args = self.write_calls()['update_records']
        self.request_approval(self.turn, self.token, 'update_records', args)
        result = self.call('update_records', args, self.token)
        self.assertRefused(result, 200, 'approval_invalid')
        self.assertIn('not meant for this endpoint', result[1]['error']['message'])
        self.assert_nothing_written()

    def test_grant_invented_by_the_bridge_without_a_click_is_refused(self):
        """A validly signed grant whose approval was never approved (still pending) is refused."""
        args = self.write_calls()['update_records']
        approval = self.request_approval(self.turn, self.token, 'update_records', args)
        grant = self.env['parley.keyring']._parley_mint(
            parley_token.AUD_APPROVAL, self.writer.id, 120, sid=self.turn.session_id.id, tid=self.turn.id,
            call_id='toolu_test', tool='update_records', args_sha256=approval.args_sha256)
        self.assertRefused(self.call('update_records', args, grant), 200, 'approval_invalid')
        self.assert_nothing_written()

    def test_grant_is_consumed_atomically_once(self):
        args = self.write_calls()['update_records']
        grant = self.approve(self.turn, self.token, 'update_records', args)
        claims = _claims(grant)
        approvals = self.env['parley.approval']
        self.assertEqual([approvals._parley_consume(claims), approvals._parley_consume(claims)], [True, False])

    # -- deny, and who may decide --------------------------------------------------------------

    def test_deny_tells_the_bridge_without_a_grant_and_the_call_stays_refused(self):
        args = self.write_calls()['delete_records']
        self.request_approval(self.turn, self.token, 'delete_records', args)
        self.assertEqual(self.decide(self.turn, 'toolu_test', 'deny'), {'state': 'denied', 'delivered': True})
        sent = self.bridge.decisions()[-1]['body']
        self.assertEqual(sent, {'call_id': 'toolu_test', 'decision': 'deny'})
        self.assertRefused(self.call('delete_records', args), 200, 'approval_required')
        with self.assertRaises(JsonRpcException):
            self.decide(self.turn, 'toolu_test', 'approve')  # a decision is final
        self.assert_nothing_written()

    def test_another_user_cannot_approve_someone_elses_call(self):
        self.request_approval(self.turn, self.token, 'delete_records', self.write_calls()['delete_records'])
        with self.assertRaises(JsonRpcException):
            self.decide(self.turn, 'toolu_test', 'approve', login='ha_writer2')
        self.assertEqual(self.env['parley.approval'].sudo().search([('turn_id', '=', self.turn.id)]).state, 'pending')

    def test_no_decision_on_a_turn_that_stopped(self):
        self.request_approval(self.turn, self.token, 'delete_records', self.write_calls()['delete_records'])
        self.turn._parley_finish('cancelled')
        approval = self.env['parley.approval'].sudo().search([('turn_id', '=', self.turn.id)])
        self.assertEqual(approval.state, 'expired')
        with self.assertRaises(JsonRpcException):
            self.decide(self.turn, 'toolu_test', 'approve')

    def test_pending_approvals_come_back_with_the_history(self):
        self.request_approval(self.turn, self.token, 'delete_records', self.write_calls()['delete_records'])
        self.authenticate('ha_writer', 'ha_writer')
        history = self.make_jsonrpc_request('/parley/sessions/history', {'session_id': self.turn.session_id.id})
        [pending] = history['pending_approvals']
        self.assertEqual((pending['turn_id'], pending['call_id'], pending['tool']),
                         (self.turn.id, 'toolu_test', 'delete_records'))
        self.assertEqual(pending['preview']['records'], [{'id': self.doomed.id, 'name': 'HA Doomed'}])


    def test_a_declined_call_says_so_in_the_history(self):
        args = self.write_calls()['delete_records']
        self.request_approval(self.turn, self.token, 'delete_records', args)
        self.decide(self.turn, 'toolu_test', 'deny')
        use = {'type': 'tool_use', 'id': 'toolu_test', 'name': 'mcp__odoo__delete_records', 'input': args}
        result = {'type': 'tool_result', 'tool_use_id': 'toolu_test', 'is_error': True,
                  'content': 'approval_denied: The user declined this action.'}
        self.send_events(self.turn, self.token, [{
            'type': 'turn.end', 'status': 'done', 'rounds': 2, 'error': None, 'usage': {},
            'messages': [{'role': 'assistant', 'content': [use]}, {'role': 'user', 'content': [result]},
                         {'role': 'assistant', 'content': [{'type': 'text', 'text': 'Not deleted.'}]}]}])
        self.authenticate('ha_writer', 'ha_writer')
        history = self.make_jsonrpc_request('/parley/sessions/history', {'session_id': self.turn.session_id.id})
        [call] = [c for m in history['messages'] for c in m['tool_calls']]
        self.assertEqual((call['ok'], call['error']['code']), (False, 'approval_denied'))

def _claims(token):
    return json.loads(parley_token._b64decode(token.split('.')[1]))
