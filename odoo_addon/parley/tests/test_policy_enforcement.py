"""Policy (DESIGN §6) at the tool endpoint and in the turn payload; the managers' editing rules."""
import json

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged

from ..controllers.panel import ParleyPanelController
from ..lib import policy
from .common import ParleyCase


@tagged('post_install', '-at_install')
class TestPolicyEnforcement(ParleyCase, HttpCase):

    def set_policy(self, **changes):
        doc = policy.default_policy()
        doc.update(changes)
        return self.env['parley.policy'].sudo().create({'name': 'ha policy', 'document': json.dumps(doc)})

    def test_hidden_denied_and_unknown_tools_answer_identically(self):
        doc = policy.default_policy()
        self.set_policy(hide=['list_models'], tools=dict(doc['tools'], describe_model={'action': 'deny'}))
        turn, token = self.parley_turn(self.alice)
        answers = [self.tool_call(turn, token, name, {'model': 'res.partner'} if name == 'describe_model' else {})
                   for name in ('list_models', 'describe_model', 'no_such_tool')]
        for answer in answers:
            self.assertRefused(answer, 200, 'tool_not_available')
        self.assertEqual(answers[0], answers[1])
        self.assertEqual(answers[1], answers[2])

    def test_tool_restricted_to_a_group_is_not_available_outside_it(self):
        doc = policy.default_policy()
        self.set_policy(tools=dict(doc['tools'], list_models={'action': 'allow', 'groups': ['parley.group_sql']}))
        turn, token = self.parley_turn(self.alice)
        self.assertRefused(self.tool_call(turn, token, 'list_models'), 200, 'tool_not_available')

    def test_policy_saying_allow_for_a_write_tool_still_needs_approval(self):
        doc = policy.default_policy()
        self.set_policy(tools=dict(doc['tools'], delete_records={'action': 'allow'}))
        turn, token = self.parley_turn(self.alice)
        partner = self.env['res.partner'].create({'name': 'HA keep me'})
        self.assertRefused(self.tool_call(turn, token, 'delete_records', {'model': 'res.partner', 'ids': [partner.id]}),
                           200, 'approval_required')
        self.assertTrue(partner.exists())

    def test_turn_payload_carries_the_effective_policy_with_render_tools_and_without_hidden_ones(self):
        self.set_policy(hide=['delete_records'])
        turn, _token = self.parley_turn(self.alice)
        payload = ParleyPanelController()._turn_payload(self.env(user=self.alice), turn.session_id, turn, None)
        tools = payload['policy']['tools']
        self.assertEqual(tools['render_chart']['action'], 'allow')
        self.assertEqual(tools['render_report']['action'], 'allow')
        self.assertEqual(tools['update_records']['action'], 'approve')
        self.assertNotIn('delete_records', tools)
        self.assertNotIn('sql_select', tools)  # alice is not in the SQL group

    def test_invalid_policy_is_refused_with_the_reason(self):
        with self.assertRaisesRegex(ValidationError, 'tools.search_records.action'):
            self.env['parley.policy'].create({'name': 'bad', 'document': json.dumps(
                {'version': '1', 'default': 'deny', 'tools': {'search_records': {'action': 'sometimes'}}})})
        with self.assertRaisesRegex(ValidationError, 'not valid JSON'):
            self.env['parley.policy'].create({'name': 'bad', 'document': '{'})

    def test_policy_asking_approval_of_a_render_tool_is_refused_when_saved(self):
        # Charts and reports have no approval card: the call would wait for a click that never comes.
        with self.assertRaisesRegex(ValidationError, "render_report is a render tool"):
            self.env['parley.policy'].create({'name': 'bad', 'document': json.dumps(
                {'version': '1', 'default': 'deny', 'tools': {'render_report': {'action': 'approve'}}})})

    def test_default_approve_offers_no_render_tool_and_asks_approval_of_writes(self):
        self.set_policy(default='approve', tools={})
        turn, _token = self.parley_turn(self.alice)
        payload = ParleyPanelController()._turn_payload(self.env(user=self.alice), turn.session_id, turn, None)
        tools = payload['policy']['tools']
        self.assertNotIn('render_chart', tools)
        self.assertNotIn('search_records', tools)
        self.assertEqual(tools['update_records']['action'], 'approve')

    def test_each_save_bumps_the_version_and_keeps_the_history(self):
        record = self.set_policy()
        first = record.document
        doc = json.loads(first)
        doc['hide'] = ['delete_records']
        record.with_user(self.manager).write({'document': json.dumps(doc)})
        self.assertEqual(record.revision, 2)
        history = self.env['parley.policy.revision'].search([('policy_id', '=', record.id)])
        self.assertEqual(history.mapped('revision'), [2, 1])
        self.assertEqual(history[1].document, first)
        self.assertEqual(history[0].create_uid, self.manager)
        self.assertIn('delete_records (destructive): hidden', record.summary)
        version = self.env['parley.policy']._parley_active()[0]
        self.assertTrue(version.endswith(f'{record.id}.2'), version)

    def test_audit_row_records_the_policy_version(self):
        record = self.set_policy()
        turn, token = self.parley_turn(self.alice)
        self.tool_call(turn, token, 'list_models')
        row = self.env['parley.tool_call'].sudo().search([('turn_id', '=', turn.id)])
        self.assertEqual(row.policy_version, f'1/{record.id}.1')

    def test_plain_user_cannot_edit_the_policy(self):
        from odoo.exceptions import AccessError
        with self.assertRaises(AccessError):
            self.env['parley.policy'].with_user(self.alice).create({'name': 'mine'})
