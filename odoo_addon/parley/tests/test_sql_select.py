"""sql_select inside Odoo, as an SQL analyst: the model's SQL meets the real registry, ACLs, field groups
and masking. The tool reads through a connection of its own, so it sees committed data only (the
partners and users every database has), never rows created inside a test transaction."""

from odoo.tests import TransactionCase, tagged
from odoo.tests.common import new_test_user

from ..agent_tools import ToolError
from ..agent_tools import sql_select
from ..agent_tools.sql_select import TOOL, table_models


@tagged("post_install", "-at_install")
class TestSqlSelect(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.analyst = new_test_user(cls.env, "parley_sql_analyst",
                                    groups="base.group_user,parley.group_sql", name="SQL Analyst")
        cls.aenv = cls.env(user=cls.analyst)

    def call(self, sql, params=None):
        args = {"sql": sql} if params is None else {"sql": sql, "params": params}
        return TOOL.run(self.aenv, args)

    def assertRefused(self, sql, fragment):
        with self.assertRaises(ToolError) as ctx:
            self.call(sql)
        self.assertEqual(ctx.exception.code, "validation_error")
        self.assertIn(fragment, ctx.exception.message)

    def test_select_answers_rows_tables_and_the_record_rules_note(self):
        data = self.call("SELECT count(*) AS partners FROM res_partner WHERE active")
        self.assertEqual(data["columns"], ["partners"])
        self.assertGreater(data["rows"][0][0], 0)
        self.assertEqual(data["tables"], ["res_partner"])
        self.assertEqual(data["note"], "record rules are not applied to SQL")
        self.assertFalse(data["truncated"])

    def test_params_travel_as_values(self):
        data = self.call("SELECT $1::text AS v", ["'; DELETE FROM res_partner; --"])
        self.assertEqual(data["rows"], [["'; DELETE FROM res_partner; --"]])

    def test_password_hashes_are_never_readable(self):
        self.assertRefused("SELECT login, password FROM res_users", "password")
        self.assertRefused("SELECT * FROM res_users", "protected columns")

    def test_database_secret_is_never_readable(self):
        self.assertRefused("SELECT value FROM ir_config_parameter WHERE key = 'database.secret'",
                           "ir_config_parameter")

    def test_api_keys_are_never_readable(self):
        self.assertRefused("SELECT key FROM res_users_apikeys", "res_users_apikeys")

    def test_table_of_a_model_without_read_access_refused(self):
        self.assertRefused("SELECT cron_name FROM ir_cron", "You may not read ir.cron")

    def test_masked_column_refused_under_any_alias(self):
        self.assertRefused("SELECT email AS contact FROM res_partner", "email")

    def test_catalogs_and_writes_refused(self):
        self.assertRefused("SELECT * FROM pg_shadow", "System catalogs")
        self.assertRefused("DELETE FROM res_partner", "Only SELECT")
        self.assertRefused("SELECT 1; DELETE FROM res_partner", "exactly one statement")

    def test_wizard_tables_are_not_readable(self):
        tables = table_models(self.env)
        self.assertEqual(tables["res_partner"], ["res.partner"])
        self.assertNotIn("change_password_wizard", tables)

    def test_superuser_environment_refused(self):
        with self.assertRaises(AssertionError):
            TOOL.run(self.env(su=True), {"sql": "SELECT 1"})

    def test_role_setup_lines_name_the_database_user(self):
        lines = sql_select.role_setup_lines(self.env)
        self.assertTrue(lines[0].startswith('CREATE ROLE "parley_sql" NOLOGIN'))
        self.env.cr.execute("SELECT current_user")
        self.assertIn(self.env.cr.fetchone()[0], lines[1])
