"""lib/sql_guard: each rule of the authoritative SQL check, written as the attack it stops. Plain Python."""
import json
import os
import unittest

from .. import sql_policy
from ..sql_guard import SqlRejected, check

TABLES = {
    'res_partner': {'id', 'name', 'email', 'company_id'},
    'res_users': {'id', 'login', 'password', 'partner_id', 'totp_secret'},
    'sale_order': {'id', 'name', 'partner_id', 'amount_total', 'date_order', 'access_token'},
    'product_template': {'id', 'name', 'list_price'},
    'hr_employee': {'id', 'name', 'job_title', 'ssnid'},
    'ir_config_parameter': {'id', 'key', 'value'},
}
T2M = {t: t.replace('_', '.') for t in TABLES}


def run(sql, can_read=lambda model: True, forbidden=None):
    return check(sql, T2M, can_read, TABLES, forbidden)


class SqlGuardTest(unittest.TestCase):
    def assertRefused(self, sql, code=None, **kwargs):
        with self.assertRaises(SqlRejected) as ctx:
            run(sql, **kwargs)
        if code:
            self.assertEqual(ctx.exception.code, code, ctx.exception.message)
        return ctx.exception

    def test_plain_select_passes_and_reports_tables_columns_functions(self):
        result = run("SELECT p.name, count(*) FROM res_partner p JOIN sale_order s ON s.partner_id = p.id "
                     "WHERE s.date_order >= date_trunc('year', now()) GROUP BY p.name")
        self.assertEqual(result.tables, ['res_partner', 'sale_order'])
        self.assertEqual(result.functions, ['count', 'date_trunc', 'now'])
        self.assertIn('partner_id', result.columns)

    def test_stacked_statements_rejected(self):
        self.assertRefused('SELECT 1; COMMIT; DELETE FROM res_partner', 'one_statement')

    def test_backslash_does_not_hide_a_second_statement(self):
        self.assertRefused("SELECT 'a\\'; DELETE FROM res_partner; --'", 'one_statement')

    def test_non_select_rejected(self):
        for sql in ('DELETE FROM res_partner', 'COPY res_partner TO STDOUT', 'DO $$BEGIN END$$', 'SET ROLE postgres',
                    'EXPLAIN ANALYZE SELECT 1', 'LOCK TABLE res_partner', "NOTIFY x, 'y'"):
            self.assertRefused(sql, 'not_select')

    def test_select_into_rejected(self):
        self.assertRefused('SELECT name INTO stolen FROM res_partner', 'into')

    def test_locking_clause_rejected_even_in_a_subquery(self):
        self.assertRefused('SELECT id FROM (SELECT id FROM res_partner FOR UPDATE) s', 'locking')

    def test_writable_cte_rejected(self):
        self.assertRefused('WITH d AS (DELETE FROM res_partner RETURNING id) SELECT count(*) FROM d', 'writable_cte')

    def test_function_outside_allowlist_rejected_everywhere(self):
        for sql in ('SELECT pg_sleep(1)', 'SELECT name FROM res_partner ORDER BY pg_sleep(1)',
                    "SELECT * FROM pg_ls_dir('.') f", "SELECT (SELECT set_config('role', 'x', true))",
                    "WITH c AS (SELECT query_to_xml('select 1', true, true, '')) SELECT 1"):
            self.assertRefused(sql, 'function')

    def test_function_qualified_with_other_schema_rejected(self):
        self.assertRefused('SELECT public.count(id) FROM res_partner', 'function')
        self.assertRefused('SELECT "PG_CATALOG".count(id) FROM res_partner', 'function')
        self.assertEqual(run('SELECT pg_catalog.count(id) FROM res_partner').functions, ['count'])

    def test_cast_to_catalog_types_rejected(self):
        for sql in ("SELECT 'pg_shadow'::regclass", "SELECT CAST('1' AS regproc)", "SELECT '<a/>'::xml"):
            self.assertRefused(sql, 'cast')

    def test_catalog_relations_rejected(self):
        for sql in ('SELECT * FROM pg_shadow', 'SELECT * FROM pg_catalog.pg_stats', 'SELECT * FROM information_schema.tables',
                    'SELECT * FROM "pg_catalog"."pg_authid"', 'SELECT * FROM PG_CATALOG.PG_SETTINGS'):
            self.assertRefused(sql, 'catalog')

    def test_cte_named_like_a_catalog_cannot_shadow_it(self):
        self.assertRefused('WITH pg_shadow AS (SELECT 1) SELECT * FROM pg_shadow', 'cte_name')

    def test_non_recursive_cte_body_sees_the_real_table_not_itself(self):
        self.assertRefused('WITH x AS (SELECT * FROM x) SELECT 1', 'unknown_table')

    def test_unmapped_table_rejected(self):
        self.assertRefused('SELECT * FROM hs_canary', 'unknown_table')

    def test_model_the_user_cannot_read_rejected(self):
        self.assertRefused('SELECT name FROM hr_employee', 'access', can_read=lambda model: model != 'hr.employee')

    def test_sensitive_table_rejected_even_for_admin(self):
        self.assertRefused('SELECT key FROM ir_config_parameter', 'sensitive_table')

    def test_sensitive_column_rejected_by_every_path(self):
        for sql in ('SELECT password FROM res_users', 'SELECT u.password FROM res_users u',
                    "SELECT login FROM res_users WHERE password LIKE 'a%'", 'SELECT login FROM res_users ORDER BY totp_secret',
                    'SELECT (SELECT access_token FROM sale_order LIMIT 1)', 'SELECT "password" FROM res_users',
                    'SELECT U&"p\\0061ssword" FROM res_users', 'SELECT 1 FROM res_users a JOIN res_users b USING (password)'):
            self.assertRefused(sql, 'sensitive_column')

    def test_star_over_table_with_secret_rejected(self):
        for sql in ('SELECT * FROM res_users', 'SELECT u.* FROM res_users u', 'SELECT * FROM res_partner p JOIN res_users u ON true',
                    'TABLE sale_order', 'SELECT count(u.*) FROM res_users u'):
            self.assertRefused(sql, 'star')
        self.assertEqual(run('SELECT * FROM res_partner').tables, ['res_partner'])

    def test_whole_row_reference_rejected(self):
        for sql in ('SELECT u FROM res_users u', 'SELECT to_jsonb(u) FROM res_users u', 'SELECT (u).login FROM res_users u',
                    'SELECT res_users FROM res_users'):
            self.assertRefused(sql, 'star')

    def test_alias_column_list_cannot_rename_a_secret(self):
        self.assertRefused('SELECT c FROM res_users AS u(a, b, c)', 'alias_columns')

    def test_join_alias_cannot_cover_a_secret_table(self):
        self.assertRefused('SELECT x.* FROM (res_partner p JOIN res_users u ON true) AS x', 'join_alias')

    def test_natural_join_cannot_compare_a_secret_column(self):
        self.assertRefused("SELECT s.guess FROM res_users NATURAL JOIN (SELECT 'x' AS password, 'x' AS guess) s",
                           'natural_join')

    def test_table_shared_by_models_needs_read_access_to_each(self):
        shared = dict(T2M, res_partner=['res.partner', 'res.partner.private'])
        with self.assertRaises(SqlRejected) as ctx:
            check('SELECT name FROM res_partner', shared, lambda model: model == 'res.partner', TABLES)
        self.assertEqual(ctx.exception.code, 'access')

    def test_field_restricted_to_other_groups_rejected(self):
        forbidden = lambda model: {'ssnid'} if model == 'hr.employee' else set()  # noqa: E731
        self.assertRefused('SELECT ssnid FROM hr_employee', 'column_access', forbidden=forbidden)
        self.assertRefused('SELECT * FROM hr_employee', 'star', forbidden=forbidden)
        self.assertEqual(run('SELECT name FROM hr_employee', forbidden=forbidden).tables, ['hr_employee'])

    def test_session_functions_rejected(self):
        for sql in ('SELECT current_user', 'SELECT session_user', 'SELECT current_schema'):
            self.assertRefused(sql, 'function')

    def test_unparsable_or_oversized_input_rejected_with_a_message(self):
        self.assertEqual(self.assertRefused('SELEC 1', 'syntax').code, 'syntax')
        self.assertRefused('', 'empty')
        self.assertRefused('SELECT 1 -- ' + 'x' * 30000, 'too_long')
        self.assertRefused('SELECT 1\x00', 'syntax')

    def test_bridge_policy_copy_matches_the_python_policy(self):
        here = os.path.dirname(os.path.abspath(__file__))
        path = os.path.join(here, '..', '..', '..', '..', 'bridge', 'src', 'sql', 'policy.json')
        if not os.path.exists(path):
            self.skipTest('bridge/ not beside the addon')
        with open(path, encoding='utf-8') as fh:
            self.assertEqual(json.load(fh), sql_policy.as_json(),
                             'regenerate bridge/src/sql/policy.json from lib/sql_policy.as_json()')
