"""sql_select through the real tool endpoint: the analyst group gate, the answer, and the audit row."""
from odoo.tests import HttpCase, tagged
from odoo.tests.common import new_test_user

from .common import ParleyCase


@tagged('post_install', '-at_install')
class TestSqlSelectRoute(ParleyCase, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.analyst = new_test_user(cls.env, 'parley_sql_route_analyst',
                                    groups='base.group_user,parley.group_sql', name='Route Analyst')

    def audit(self, turn):
        return self.env['parley.tool_call'].sudo().search([('turn_id', '=', turn.id)])

    def test_analyst_gets_rows_and_the_call_is_audited_with_its_sql(self):
        turn, token = self.parley_turn(self.analyst)
        sql = 'SELECT count(*) AS n FROM res_partner'
        status, body = self.tool_call(turn, token, 'sql_select', {'sql': sql})
        self.assertEqual((status, body['ok']), (200, True), body)
        self.assertEqual(body['data']['tables'], ['res_partner'])
        self.assertEqual(body['data']['note'], 'record rules are not applied to SQL')
        row = self.audit(turn)
        self.assertEqual((row.tool, row.outcome, row.rows), ('sql_select', 'ok', 1))
        self.assertIn(sql, row.args_json)

    def test_demo_user_outside_the_analyst_group_is_refused(self):
        turn, token = self.parley_turn(self.demo_user())
        self.assertRefused(self.tool_call(turn, token, 'sql_select', {'sql': 'SELECT 1'}), 200,
                           'tool_not_available')

    def test_secret_read_is_refused_as_data_and_audited(self):
        turn, token = self.parley_turn(self.analyst)
        result = self.tool_call(turn, token, 'sql_select', {'sql': 'SELECT login, password FROM res_users'})
        self.assertRefused(result, 200, 'validation_error')
        self.assertIn('password', result[1]['error']['message'])
        self.assertEqual(self.audit(turn).outcome, 'error')
