"""Layer 4 of sql_select from the settings page: the two set-up lines, the role's status, and the
grant sync that gives the role SELECT on allowed columns only (roles are transactional in
PostgreSQL, so the test's rollback removes the role again)."""
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

ROLE = 'parley_sql_test_role'


@tagged('post_install', '-at_install')
class TestSqlRoleSettings(TransactionCase):

    def setUp(self):
        super().setUp()
        self.env['ir.config_parameter'].sudo().set_param('parley.sql_role', ROLE)

    def settings(self):
        return self.env['res.config.settings'].create({})

    def test_settings_show_the_setup_lines_while_the_role_is_missing(self):
        settings = self.settings()
        self.assertIn(f'CREATE ROLE "{ROLE}" NOLOGIN', settings.parley_sql_role_setup)
        self.assertIn(f'GRANT "{ROLE}" TO', settings.parley_sql_role_setup)
        self.assertIn('Not created', settings.parley_sql_role_state)
        self.assertIsNone(self.env['parley.sql.grants']._parley_sync())

    def test_synced_role_cannot_read_secret_columns_or_unmapped_tables(self):
        for line in self.settings().parley_sql_role_setup.splitlines():
            self.env.cr.execute(line)
        self.assertIn('In use', self.settings().parley_sql_role_state)
        self.assertGreater(self.env['parley.sql.grants']._parley_sync(), 10)
        cr = self.env.cr

        def can(table, column=None):
            if column:
                cr.execute('SELECT has_column_privilege(%s, %s, %s, %s)', (ROLE, table, column, 'SELECT'))
            else:
                cr.execute('SELECT has_table_privilege(%s, %s, %s)', (ROLE, table, 'SELECT'))
            return cr.fetchone()[0]

        self.assertTrue(can('res_partner', 'name'))
        self.assertFalse(can('res_users', 'password'))
        self.assertFalse(can('ir_config_parameter', 'value'))
        self.assertFalse(can('res_users_apikeys', 'key'))
        cr.execute('SELECT has_table_privilege(%s, %s, %s)', (ROLE, 'res_partner', 'UPDATE'))
        self.assertFalse(cr.fetchone()[0])

    def test_a_plain_user_cannot_sync_the_grants(self):
        user = self.env['res.users'].create({'name': 'No Manager', 'login': 'parley_sql_nomgr',
                                             'groups_id': [(6, 0, [self.env.ref('base.group_system').id])]})
        with self.assertRaises(ValidationError):
            self.settings().with_user(user).action_parley_sync_sql_grants()
