"""A grant is spent once, even by concurrent requests: real PostgreSQL, a throwaway database
ha_ap_<random>, dropped afterwards. Both isolation levels Odoo cursors may use are tried."""

import secrets
import threading
import unittest

import psycopg2
import psycopg2.extensions

from .. import approval

DB = f"ha_ap_{secrets.token_hex(4)}"
CLAIMS = {'jti': 'a' * 32, 'tid': 7, 'call_id': 'toolu_1', 'tool': 'update_records', 'args_sha256': 'b' * 64}
LEVELS = (psycopg2.extensions.ISOLATION_LEVEL_READ_COMMITTED, psycopg2.extensions.ISOLATION_LEVEL_REPEATABLE_READ)


def _admin():
    conn = psycopg2.connect(dbname="postgres")
    conn.autocommit = True
    return conn


def setUpModule():
    conn = _admin()
    with conn.cursor() as cr:
        cr.execute(f'CREATE DATABASE "{DB}"')
    conn.close()
    with psycopg2.connect(dbname=DB) as conn, conn.cursor() as cr:
        # The columns of the Odoo model parley.approval that the statement touches.
        cr.execute("""CREATE TABLE parley_approval (
            id serial PRIMARY KEY, turn_id int NOT NULL, call_id varchar NOT NULL, tool varchar NOT NULL,
            args_sha256 varchar NOT NULL, state varchar NOT NULL, grant_jti varchar, write_date timestamp)""")


def tearDownModule():
    conn = _admin()
    with conn.cursor() as cr:
        cr.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
    conn.close()


class ConsumeCase(unittest.TestCase):
    def setUp(self):
        with psycopg2.connect(dbname=DB) as conn, conn.cursor() as cr:
            cr.execute("TRUNCATE parley_approval")
            cr.execute("""INSERT INTO parley_approval (turn_id, call_id, tool, args_sha256, state, grant_jti)
                          VALUES (%(tid)s, %(call_id)s, %(tool)s, %(args_sha256)s, 'approved', %(jti)s)""", CLAIMS)

    def consume(self, claims=CLAIMS, level=LEVELS[1]):
        conn = psycopg2.connect(dbname=DB)
        conn.set_isolation_level(level)
        try:
            with conn.cursor() as cr:
                used = approval.consume(cr, claims)
            conn.commit()
            return used
        finally:
            conn.close()

    def test_replayed_grant_is_spent_only_once(self):
        self.assertEqual([self.consume(), self.consume()], [True, False])

    def test_grant_with_any_claim_changed_spends_nothing(self):
        for key, value in (('jti', 'c' * 32), ('tid', 8), ('call_id', 'toolu_2'), ('tool', 'delete_records'),
                           ('args_sha256', 'd' * 64)):
            with self.subTest(claim=key):
                self.assertFalse(self.consume(dict(CLAIMS, **{key: value})))
        self.assertTrue(self.consume())

    def test_concurrent_requests_with_one_grant_spend_it_once(self):
        for level in LEVELS:
            with self.subTest(level=level):
                self.setUp()
                # The first transaction holds the row; the others start and block on it.
                first = psycopg2.connect(dbname=DB)
                first.set_isolation_level(level)
                cr = first.cursor()
                self.assertTrue(approval.consume(cr, CLAIMS))
                results = []
                threads = [threading.Thread(target=lambda: results.append(self.consume(level=level)))
                           for _ in range(4)]
                for thread in threads:
                    thread.start()
                threading.Event().wait(0.3)
                first.commit()
                first.close()
                for thread in threads:
                    thread.join(10)
                self.assertEqual(results, [False] * 4)
