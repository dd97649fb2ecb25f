"""The sql_select attack corpus against a real PostgreSQL: each layer alone, then the whole pipeline.

test/fixtures/sql/attacks.json says, per attack, which layers stop it on their own. This test holds
each of those layers to it with the others switched off, runs everything through the full pipeline,
and then checks that nothing changed, no secret leaked, no file appeared and every backend lives.
Prints: `attacks N, escaped 0` and `legit N, rejected M`.
"""
import json
import sys
import time
import unittest

from .. import sql_exec, sql_guard
from . import sql_support

TIMEOUT_MS = 1000
LIMITS = {'statement_timeout_ms': TIMEOUT_MS, 'lock_timeout_ms': 300, 'idle_timeout_ms': 5000,
          'row_cap': 200, 'cell_cap': 2000}
# The largest answer a stopped attack may still return: the row cap times a few capped cells.
MAX_ANSWER_CHARS = LIMITS['row_cap'] * 4 * (LIMITS['cell_cap'] + 10)


def setUpModule():
    global pg, pg_fixture
    pg = sql_support.acquire()
    import pg_fixture  # noqa: F401 (made importable by sql_support)


def tearDownModule():
    sql_support.release()


def leaks(payload):
    return pg_fixture.CANARY.lower() in json.dumps(payload, default=str, ensure_ascii=False).lower()


class SqlCorpusTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.attacks = pg_fixture.load_attacks()
        cls.legit = pg_fixture.load_legit()
        cls.columns = pg.table_columns()
        cls.t2m = pg.table_to_model()
        from .. import sql_role
        conn = pg.app_connect()
        with conn.cursor() as cr:
            cls.granted = sql_role.sync_grants(cr, cls.t2m, role=pg.role)
        conn.commit()
        conn.close()
        cls.baseline = pg.state()

    def guard(self, sql):
        return sql_guard.check(sql, self.t2m, lambda model: True, self.columns)

    def execute(self, sql, role=None, params=None):
        """(error code or None, answer) with no guard in front."""
        try:
            result = sql_exec.run_select(pg.app_connect, sql, params, role=role, **LIMITS)
            return None, {'columns': result.columns, 'rows': result.rows}
        except sql_exec.SqlExecError as exc:
            return exc.code, {'error': exc.message}

    def assert_unharmed(self, label):
        self.assertEqual(pg.health_problems(), [], label)
        self.assertEqual(pg.state(), self.baseline, f'{label}: the database changed')

    def test_corpus_is_large_and_well_formed(self):
        self.assertGreaterEqual(len(self.attacks), 300)
        self.assertGreaterEqual(len(self.legit), 100)
        for attack in self.attacks:
            self.assertIn(attack['expect_layer'], ('guard', 'tx', 'role'))
            self.assertEqual(attack['expect_layer'], attack['layers'][0])
            self.assertNotIn(pg_fixture.CANARY, attack['sql'])

    def test_guard_alone_refuses_every_attack_meant_for_it(self):
        escaped, claimed = [], [a for a in self.attacks if 'guard' in a['layers']]
        for attack in claimed:
            try:
                self.guard(attack['sql'])
                escaped.append(attack['id'])
            except sql_guard.SqlRejected as exc:
                self.assertTrue(exc.message and exc.code)
        print(f'\nguard alone: {len(claimed)} attacks claimed, escaped {len(escaped)}', file=sys.stderr)
        self.assertEqual(escaped, [])

    def test_transaction_alone_stops_the_attacks_it_claims(self):
        self.run_layer_alone('tx', role=None)

    def test_role_alone_stops_the_attacks_it_claims(self):
        self.run_layer_alone('role', role=pg.role)

    def run_layer_alone(self, layer, role):
        failures, claimed = [], [a for a in self.attacks if layer in a['layers']]
        for attack in claimed:
            started = time.monotonic()
            code, answer = self.execute(attack['sql'], role=role)
            elapsed = time.monotonic() - started
            if leaks(answer) or len(json.dumps(answer, default=str)) > MAX_ANSWER_CHARS:
                failures.append((attack['id'], 'leaked or unbounded', answer))
            elif elapsed > TIMEOUT_MS / 1000 + 3:
                failures.append((attack['id'], f'ran {elapsed:.1f}s'))
            elif code is None and layer == 'tx' and not self.may_answer_under_tx(attack):
                failures.append((attack['id'], 'ran without error', str(answer)[:200]))
            # A failed statement in a rolled-back transaction leaves no rows behind, so the costly
            # table comparison runs when the query answered; health (backends, locks, files) always.
            self.assertEqual(pg.health_problems(), [], f'{layer} alone, {attack["id"]}')
            if code is None:
                self.assert_unharmed(f'{layer} alone, {attack["id"]}')
        self.assert_unharmed(f'after {layer} alone')
        print(f'\n{layer} alone: {len(claimed)} attacks claimed, escaped {len(failures)}', file=sys.stderr)
        self.assertEqual(failures, [])

    @staticmethod
    def may_answer_under_tx(attack):
        # Bounded answers (row/cell caps), advisory locks (released before the connection closes) and
        # large objects (rolled back) are how the transaction layer stops these, and assert_unharmed
        # proves it after each; everything else must fail outright.
        return attack['category'] == 'dos' or 'advisory' in attack['sql'] or 'lo_create' in attack['sql']

    def test_full_pipeline_attacks_escaped_zero(self):
        escaped = []
        for attack in self.attacks:
            try:
                _, result = sql_exec.run_checked(pg.app_connect, attack['sql'], None, self.t2m, lambda m: True,
                                                 role=pg.role, table_columns=self.columns, **LIMITS)
                answer = {'columns': result.columns, 'rows': result.rows}
                if attack['expect_layer'] == 'guard' or leaks(answer) or \
                        len(json.dumps(answer, default=str)) > MAX_ANSWER_CHARS:
                    escaped.append(attack['id'])
            except sql_guard.SqlRejected:
                pass
            except sql_exec.SqlExecError as exc:
                if leaks(exc.message):
                    escaped.append(attack['id'])
        self.assert_unharmed('after the full pipeline')
        print(f'\nattacks {len(self.attacks)}, escaped {len(escaped)}', file=sys.stderr)
        self.assertEqual(escaped, [])

    def test_full_pipeline_legit_rejected_at_most_2_percent(self):
        rejected = []
        for ident, sql, params in self.legit:
            try:
                _, result = sql_exec.run_checked(pg.app_connect, sql, params, self.t2m, lambda m: True,
                                                 role=pg.role, table_columns=self.columns, **LIMITS)
                self.assertFalse(leaks(result.rows), ident)
            except (sql_guard.SqlRejected, sql_exec.SqlExecError) as exc:
                rejected.append((ident, exc.code, exc.message))
        print(f'\nlegit {len(self.legit)}, rejected {len(rejected)}', file=sys.stderr)
        for ident, code, message in rejected:
            print(f'  rejected legit {ident}: {code}: {message}', file=sys.stderr)
        self.assertLessEqual(len(rejected), len(self.legit) * 0.02)
        self.assert_unharmed('after the legit queries')

    def test_role_grants_exclude_every_secret(self):
        self.assertGreater(self.granted, 10)
        code, answer = self.execute('SELECT login FROM res_users', role=pg.role)
        self.assertIsNone(code, answer)
        for sql in ('SELECT password FROM res_users', 'SELECT value FROM ir_config_parameter',
                    'SELECT access_token FROM sale_order', 'SELECT value FROM hs_canary'):
            code, _ = self.execute(sql, role=pg.role)
            self.assertEqual(code, 'permission', sql)
