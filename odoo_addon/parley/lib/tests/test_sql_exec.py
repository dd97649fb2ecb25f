"""lib/sql_exec: the read-only transaction around sql_select, against a real PostgreSQL, guard switched off."""
import datetime
import decimal
import threading
import unittest

from .. import sql_exec
from ..sql_exec import SqlExecError, json_safe, run_select
from . import sql_support


def setUpModule():
    global pg
    pg = sql_support.acquire()


def tearDownModule():
    sql_support.release()


def run(sql, params=None, **limits):
    return run_select(pg.app_connect, sql, params, **{'statement_timeout_ms': 1000, **limits})


class SqlExecTest(unittest.TestCase):
    def assertFails(self, code, sql, params=None, **limits):
        with self.assertRaises(SqlExecError) as ctx:
            run(sql, params, **limits)
        self.assertEqual(ctx.exception.code, code, ctx.exception.message)

    def test_rows_columns_and_json_safe_values(self):
        result = run("SELECT name, amount_total, date_order FROM sale_order ORDER BY id LIMIT 2")
        self.assertEqual(result.columns, ['name', 'amount_total', 'date_order'])
        self.assertEqual(result.row_count, 2)
        self.assertFalse(result.truncated)
        self.assertIsInstance(result.rows[0][1], (int, float))
        self.assertIsInstance(result.rows[0][2], str)

    def test_rows_capped_with_truncated_flag(self):
        result = run('SELECT id FROM sale_order_line', row_cap=10)
        self.assertEqual((result.row_count, result.truncated), (10, True))
        self.assertFalse(run('SELECT id FROM sale_order_line', row_cap=9000).truncated)

    def test_cells_capped(self):
        result = run("SELECT string_agg('x', '') FROM generate_series(1, 50000)", cell_cap=100)
        self.assertEqual(len(result.rows[0][0]), 101)

    def test_write_in_a_single_statement_fails_read_only(self):
        # DECLARE CURSOR refuses a data-modifying CTE outright, before read-only even matters.
        self.assertFails('not_supported', "WITH d AS (DELETE FROM hs_canary RETURNING id) SELECT count(*) FROM d")
        self.assertFails('read_only', "SELECT nextval('hs_canary_seq')")
        self.assertFails('read_only', 'SELECT id FROM res_partner FOR UPDATE')

    def test_stacked_statements_refused_before_reaching_the_server(self):
        self.assertFails('one_statement', 'SELECT 1; COMMIT; DELETE FROM hs_canary')
        self.assertFails('one_statement', "SELECT 'a\\'; COMMIT; DELETE FROM hs_canary; --'")
        self.assertFails('syntax', 'SELECT 1\x00; DELETE FROM hs_canary')
        self.assertFails('params', 'SELECT $1::text', ['nul\x00byte'])
        self.assertEqual(pg.health_problems(), [])

    def test_statement_other_than_a_query_refused_by_declare(self):
        self.assertFails('sql_error', 'DELETE FROM hs_canary')

    def test_statement_timeout_stops_a_long_query(self):
        self.assertFails('timeout', 'SELECT pg_sleep(5)', statement_timeout_ms=200)

    def test_lock_timeout_stops_waiting_for_a_lock(self):
        holder = pg.admin_db()
        with holder.cursor() as cr:
            cr.execute('LOCK TABLE res_partner IN ACCESS EXCLUSIVE MODE')
            self.assertFails('lock_timeout', 'SELECT count(*) FROM res_partner', lock_timeout_ms=200)
        holder.rollback()
        holder.close()

    def test_parameters_are_values_never_sql(self):
        hostile = "x'; DELETE FROM hs_canary; --"
        result = run('SELECT $1::text AS v, $2::int + 1 AS n, length($1) AS l', [hostile, 41])
        self.assertEqual(result.rows, [[hostile, 42, len(hostile)]])
        result = run("SELECT '%s %%' AS literal, $1::text AS v", ['%s'])
        self.assertEqual(result.rows, [['%s %%', '%s']])

    def test_missing_or_non_scalar_parameters_refused(self):
        self.assertFails('params', 'SELECT $2::text', ['only one'])
        self.assertFails('params', 'SELECT $1::text', [{'a': 1}])

    def test_always_rolled_back_and_settings_do_not_leak(self):
        run("SELECT set_config('application_name', 'parley_probe', false), pg_advisory_xact_lock(99)")
        run('SELECT pg_advisory_lock(98)')
        self.assertEqual(pg.health_problems(), [])

    def test_runs_as_the_role_when_given(self):
        result = run_select(pg.app_connect, 'SELECT current_user', role=pg.role)
        self.assertEqual(result.rows, [[pg.role]])
        with self.assertRaises(SqlExecError) as ctx:
            run_select(pg.app_connect, 'SELECT count(*) FROM res_partner', role='hs_no_such_role')
        self.assertEqual(ctx.exception.code, 'sql_error')

    def test_concurrent_calls_use_their_own_connections(self):
        errors = []

        def call():
            try:
                run('SELECT count(*) FROM sale_order')
            except SqlExecError as exc:  # pragma: no cover - reported below
                errors.append(exc)
        threads = [threading.Thread(target=call) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(errors, [])

    def test_json_safe_conversions(self):
        self.assertEqual(json_safe(decimal.Decimal('12.50')), 12.5)
        self.assertEqual(json_safe(decimal.Decimal('3')), 3)
        self.assertEqual(json_safe(decimal.Decimal('NaN')), 'NaN')
        self.assertEqual(json_safe(float('inf')), 'inf')
        self.assertEqual(json_safe(datetime.date(2025, 1, 2)), '2025-01-02')
        self.assertTrue(json_safe(b'\x00' * 5000, 100).startswith('base64:'))
        self.assertEqual(len(json_safe('x' * 5000, 100)), 101)
        self.assertEqual(json_safe({'en_US': 'Desk'}), {'en_US': 'Desk'})

    def test_unreachable_database_is_a_clean_error(self):
        def broken():
            raise sql_exec.psycopg2.OperationalError('no route')
        with self.assertRaises(SqlExecError) as ctx:
            run_select(broken, 'SELECT 1')
        self.assertEqual(ctx.exception.code, 'unavailable')
