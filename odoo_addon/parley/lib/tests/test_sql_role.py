"""lib/sql_role: the restricted role's setup lines and grants, checked on a real PostgreSQL."""
import unittest

from .. import sql_role
from ..sql_exec import SqlExecError, run_select
from . import sql_support


class SqlRoleTextTest(unittest.TestCase):
    def test_setup_lines_quote_identifiers(self):
        lines = sql_role.setup_sql('odoo"; DROP ROLE x; --')
        self.assertEqual(lines[0], 'CREATE ROLE "parley_sql" NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;')
        self.assertEqual(lines[1], 'GRANT "parley_sql" TO "odoo""; DROP ROLE x; --";')

    def test_grants_leave_out_secret_tables_and_columns(self):
        grants = sql_role.allowed_grants(
            {'res_users': {'id', 'login', 'password', 'totp_secret'}, 'ir_config_parameter': {'key', 'value'},
             'sale_order': {'id', 'access_token'}, 'hs_unmapped': {'id'}, 'parley_approval': {'id'}},
            {'res_users': 'res.users', 'ir_config_parameter': 'ir.config_parameter', 'sale_order': 'sale.order',
             'parley_approval': 'parley.approval'})
        self.assertEqual(grants, {'res_users': ['id', 'login'], 'sale_order': ['id']})

    def test_grant_statements_revoke_everything_first(self):
        statements = sql_role.grant_statements('r', {'t': ['a', 'b']})
        self.assertTrue(statements[0].startswith('REVOKE ALL ON ALL TABLES'))
        self.assertEqual(statements[-1], 'GRANT SELECT ("a", "b") ON "public"."t" TO "r"')


class SqlRoleDatabaseTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.pg = sql_support.acquire()

    @classmethod
    def tearDownClass(cls):
        sql_support.release()

    def sync(self, table_to_model):
        conn = self.pg.app_connect()
        with conn.cursor() as cr:
            count = sql_role.sync_grants(cr, table_to_model, role=self.pg.role)
        conn.commit()
        conn.close()
        return count

    def as_role(self, sql):
        return run_select(self.pg.app_connect, sql, role=self.pg.role)

    def test_status_reports_a_usable_role_and_a_missing_one(self):
        conn = self.pg.app_connect()
        with conn.cursor() as cr:
            self.assertEqual(sql_role.role_status(cr, self.pg.role), {'exists': True, 'usable': True})
            self.assertEqual(sql_role.role_status(cr, 'hs_missing_role'), {'exists': False, 'usable': False})
            self.assertIsNone(sql_role.sync_grants(cr, {'res_partner': 'res.partner'}, role='hs_missing_role'))
        conn.close()

    def test_sync_follows_the_models_and_never_grants_a_secret(self):
        full = self.pg.table_to_model()
        try:
            self.assertEqual(self.sync({'res_partner': 'res.partner'}), 1)
            with self.assertRaises(SqlExecError):
                self.as_role('SELECT name FROM sale_order LIMIT 1')  # revoked: model no longer listed
            self.sync(full)
            self.assertEqual(self.as_role('SELECT count(*) FROM sale_order').rows[0][0], 3000)
            for sql in ('SELECT password FROM res_users', 'SELECT * FROM res_users', 'SELECT value FROM ir_config_parameter',
                        'SELECT pin FROM hr_employee', 'SELECT grant_token FROM parley_approval', 'SELECT * FROM hs_canary',
                        "SELECT nextval('hs_canary_seq')"):
                with self.assertRaises(SqlExecError, msg=sql) as ctx:
                    self.as_role(sql)
                self.assertIn(ctx.exception.code, ('permission', 'read_only'), sql)
        finally:
            self.sync(full)
