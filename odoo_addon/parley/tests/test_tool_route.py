"""The tool endpoint (DESIGN §4 steps 5–12): policy, acting user, errors as data, audit."""
import json
from unittest.mock import patch

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .. import agent_tools
from .common import ParleyCase

# A model every internal user is refused by Odoo's access control list (group_system only),
# and that no Parley tool treats specially: the error must be Odoo's own, word for word.
UNREADABLE_MODEL = 'ir.cron'


class _Probe:
    """Records the environment a tool runs in. Only used to look at what the route hands a tool."""
    risk = 'read'

    def __init__(self, name):
        self.name = name
        self.seen = []

    def run(self, env, args):
        self.seen.append((env.uid, env.su, env.user.login))
        return {'records': [], 'count': 0}


@tagged('post_install', '-at_install')
class TestToolRoute(ParleyCase, HttpCase):

    def audit_rows(self, turn):
        return self.env['parley.tool_call'].sudo().search([('turn_id', '=', turn.id)])

    def test_tool_runs_as_the_user_never_superuser(self):
        turn, token = self.parley_turn(self.alice)
        probe = _Probe('list_models')
        with patch.dict(agent_tools.TOOLS, {'list_models': probe}):
            status, body = self.tool_call(turn, token, 'list_models')
        self.assertEqual((status, body['ok']), (200, True), body)
        self.assertEqual(probe.seen, [(self.alice.id, False, 'parley_alice')])

    def test_record_rules_apply_to_tool_results(self):
        """search_records on Parley's own sessions returns only the user's: rules were applied."""
        mine = self.parley_session(self.alice, 'mine')
        theirs = self.parley_session(self.bob, 'theirs')
        turn, token = self.parley_turn(self.alice, session=mine)
        status, body = self.tool_call(turn, token, 'search_records',
                                      {'model': 'parley.session', 'fields': ['name']})
        self.assertEqual(status, 200, body)
        self.assertTrue(body['ok'], body)
        ids = {record['id'] for record in body['data']['records']}
        self.assertIn(mine.id, ids)
        self.assertNotIn(theirs.id, ids)

    def test_demo_user_gets_odoo_access_error_on_unreadable_model(self):
        demo = self.demo_user()
        with self.assertRaises(AccessError) as odoo_says:
            self.env[UNREADABLE_MODEL].with_user(demo).search([])
        turn, token = self.parley_turn(demo)
        status, body = self.tool_call(turn, token, 'search_records', {'model': UNREADABLE_MODEL})
        self.assertEqual(status, 200, body)
        self.assertEqual(body['ok'], False, body)
        self.assertEqual(body['error']['code'], 'access_denied')
        self.assertEqual(body['error']['message'], str(odoo_says.exception.args[0]))
        self.assertNotIn('data', body)
        audit = self.audit_rows(turn)
        self.assertEqual((audit.outcome, audit.error_code, audit.user_id), ('error', 'access_denied', demo))

    def test_unknown_tool_not_available(self):
        turn, token = self.parley_turn(self.alice)
        self.assertRefused(self.tool_call(turn, token, 'drop_database'), 200, 'tool_not_available')

    def test_hidden_denied_and_unknown_tools_answer_the_same(self):
        doc = self.env['parley.policy']._parley_active()[1]
        doc['hide'] = ['list_models']
        doc['tools']['describe_model'] = {'action': 'deny'}
        self.env['parley.policy'].sudo().create({'name': 'test', 'document': json.dumps(doc)})
        turn, token = self.parley_turn(self.alice)
        answers = [self.tool_call(turn, token, name)[1] for name in ('list_models', 'describe_model', 'nope')]
        self.assertEqual(answers[0], answers[1])
        self.assertEqual(answers[1], answers[2])
        self.assertEqual(answers[0]['error']['code'], 'tool_not_available')

    def test_group_gated_tool_not_available_outside_group(self):
        turn, token = self.parley_turn(self.alice)  # not in parley.group_sql
        self.assertRefused(self.tool_call(turn, token, 'sql_select', {'sql': 'SELECT 1'}), 200,
                           'tool_not_available')

    def test_write_tool_needs_approval(self):
        turn, token = self.parley_turn(self.alice)
        before = self.env['res.partner'].search_count([])
        result = self.tool_call(turn, token, 'create_record', {'model': 'res.partner', 'values': {'name': 'X'}})
        self.assertRefused(result, 200, 'approval_required')
        self.assertEqual(self.env['res.partner'].search_count([]), before)

    def test_tool_on_finished_turn_refused_and_audited(self):
        turn, token = self.parley_turn(self.alice, state='done')
        self.assertRefused(self.tool_call(turn, token, 'list_models'), 401, 'turn_not_running')
        audit = self.audit_rows(turn)
        self.assertEqual((audit.outcome, audit.error_code), ('refused', 'turn_not_running'))

    def test_tool_with_origin_refused(self):
        turn, token = self.parley_turn(self.alice)
        self.assertRefused(self.tool_call(turn, token, 'list_models', headers={'Origin': 'https://evil.example'}),
                           403, 'origin_refused')

    def test_tool_from_outside_refused(self):
        turn, token = self.parley_turn(self.alice)
        self.assertRefused(self.tool_call(turn, token, 'list_models', headers={'X-Forwarded-For': '198.51.100.7'}),
                           403, 'not_loopback')

    def test_turn_id_must_match_token(self):
        turn, token = self.parley_turn(self.alice)
        other, _token = self.parley_turn(self.alice)
        status, body = self.bridge_post('/parley/tool/list_models',
                                        {'turn_id': other.id, 'call_id': 'toolu_x', 'args': {}}, token)
        self.assertRefused((status, body), 400, 'bad_request')

    def test_malformed_body_is_a_clear_error(self):
        turn, token = self.parley_turn(self.alice)
        response = self.url_open('/parley/tool/list_models', data='{not json',
                                 headers={'Authorization': f'Bearer {token}'})
        self.assertRefused((response.status_code, response.json()), 400, 'bad_request')

    def test_successful_call_audited_with_arguments_digest(self):
        turn, token = self.parley_turn(self.alice)
        status, body = self.tool_call(turn, token, 'list_models', {'keyword': 'partner'}, call_id='toolu_a1')
        self.assertTrue(body['ok'], body)
        audit = self.audit_rows(turn)
        self.assertEqual((audit.tool, audit.call_id, audit.outcome, audit.user_id),
                         ('list_models', 'toolu_a1', 'ok', self.alice))
        self.assertEqual(len(audit.args_sha256), 64)
        self.assertTrue(audit.policy_version)

    def test_tool_crash_is_data_without_traceback(self):
        turn, token = self.parley_turn(self.alice)

        class Broken(_Probe):
            def run(self, env, args):
                raise KeyError('secret internals')
        with patch.dict(agent_tools.TOOLS, {'list_models': Broken('list_models')}), \
                self.assertLogs('odoo.addons.parley', level='ERROR'):
            result = self.tool_call(turn, token, 'list_models')
        self.assertRefused(result, 200, 'internal_error')
        self.assertNotIn('secret internals', json.dumps(result[1]))
