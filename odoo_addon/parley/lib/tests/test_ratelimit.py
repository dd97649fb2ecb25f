"""Rate limits against a real PostgreSQL: a throwaway database hw_rl_<random>, dropped afterwards."""

import secrets
import threading
import unittest
from datetime import datetime, timedelta

import psycopg2
import psycopg2.extensions

from .. import ratelimit

T0 = datetime(2026, 1, 1, 12, 0, 0)
DB = f"hw_rl_{secrets.token_hex(4)}"


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
        # Same shape as the table of the Odoo model parley.rate.event.
        cr.execute("""CREATE TABLE parley_rate_event (
            id serial PRIMARY KEY, tool varchar NOT NULL, user_id int, session_id int,
            created_at timestamp NOT NULL)""")


def tearDownModule():
    conn = _admin()
    with conn.cursor() as cr:
        cr.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
    conn.close()


class RateLimitCase(unittest.TestCase):
    def setUp(self):
        self.conn = psycopg2.connect(dbname=DB)
        self.cr = self.conn.cursor()
        self.cr.execute("TRUNCATE parley_rate_event")
        self.conn.commit()

    def tearDown(self):
        self.conn.rollback()
        self.conn.close()

    def call(self, limits, tool="search_records", user=1, session=10, at=T0):
        """One call on its own transaction, the way the addon does it."""
        ratelimit.begin_read_committed(self.cr)
        res = ratelimit.reserve(self.cr, limits, tool, user, session, at)
        self.conn.commit()
        return res

    def allowed_count(self, limits, n, **kw):
        return sum(self.call(limits, **kw).allowed for _ in range(n))


class TestScopes(RateLimitCase):
    def test_user_scope_caps_one_user_and_not_another(self):
        limits = [{"window": "minute", "max": 3, "scope": "user"}]
        self.assertEqual(self.allowed_count(limits, 5, user=1), 3)
        self.assertTrue(self.call(limits, user=2).allowed)

    def test_user_scope_counts_across_sessions(self):
        limits = [{"window": "minute", "max": 2, "scope": "user"}]
        self.assertTrue(self.call(limits, session=10).allowed)
        self.assertTrue(self.call(limits, session=11).allowed)
        self.assertFalse(self.call(limits, session=12).allowed)

    def test_session_scope_caps_one_session_and_not_another(self):
        limits = [{"window": "minute", "max": 2, "scope": "session"}]
        self.assertEqual(self.allowed_count(limits, 4, session=10), 2)
        self.assertTrue(self.call(limits, session=11).allowed)

    def test_global_scope_counts_every_user(self):
        limits = [{"window": "minute", "max": 3, "scope": "global"}]
        results = [self.call(limits, user=u, session=u).allowed for u in (1, 2, 3, 4)]
        self.assertEqual(results, [True, True, True, False])

    def test_limits_of_one_tool_do_not_touch_another(self):
        limits = [{"window": "minute", "max": 1, "scope": "global"}]
        self.assertTrue(self.call(limits, tool="search_records").allowed)
        self.assertFalse(self.call(limits, tool="search_records").allowed)
        self.assertTrue(self.call(limits, tool="read_records").allowed)

    def test_every_limit_must_have_room(self):
        limits = [{"window": "minute", "max": 5, "scope": "user"},
                  {"window": "minute", "max": 2, "scope": "global"}]
        self.assertTrue(self.call(limits, user=1).allowed)
        self.assertTrue(self.call(limits, user=2).allowed)
        self.assertFalse(self.call(limits, user=1).allowed)

    def test_no_limits_allows_and_records_nothing(self):
        self.assertEqual(self.call([]), ratelimit.Reservation(True, 0, None))
        self.cr.execute("SELECT count(*) FROM parley_rate_event")
        self.assertEqual(self.cr.fetchone()[0], 0)


class TestWindows(RateLimitCase):
    def test_each_window_slides(self):
        for window, seconds in ratelimit.WINDOWS.items():
            with self.subTest(window=window):
                tool = f"tool_{window}"
                limits = [{"window": window, "max": 2, "scope": "user"}]
                self.assertTrue(self.call(limits, tool=tool, at=T0).allowed)
                later = T0 + timedelta(seconds=seconds / 2)
                self.assertTrue(self.call(limits, tool=tool, at=later).allowed)
                refused = self.call(limits, tool=tool, at=later)
                self.assertFalse(refused.allowed)
                # The first call leaves the window at T0 + window: that is when a slot frees.
                self.assertEqual(refused.retry_after_s, max(1, round(seconds / 2)))
                just_before = T0 + timedelta(seconds=seconds) - timedelta(milliseconds=1)
                self.assertFalse(self.call(limits, tool=tool, at=just_before).allowed)
                after = T0 + timedelta(seconds=seconds)
                self.assertTrue(self.call(limits, tool=tool, at=after).allowed)
                self.assertFalse(self.call(limits, tool=tool, at=after).allowed)

    def test_retry_after_points_at_the_tightest_window(self):
        limits = [{"window": "minute", "max": 1, "scope": "user"},
                  {"window": "hour", "max": 2, "scope": "user"}]
        self.assertTrue(self.call(limits, at=T0).allowed)
        self.assertTrue(self.call(limits, at=T0 + timedelta(seconds=61)).allowed)
        refused = self.call(limits, at=T0 + timedelta(seconds=62))
        self.assertFalse(refused.allowed)
        self.assertEqual(refused.retry_after_s, 3600 - 62)

    def test_purge_removes_only_rows_older_than_the_longest_window(self):
        limits = [{"window": "day", "max": 10, "scope": "user"}]
        self.call(limits, at=T0)
        self.call(limits, at=T0 + timedelta(hours=12))
        removed = ratelimit.purge(self.cr, T0 + timedelta(days=1, hours=1))
        self.conn.commit()
        self.assertEqual(removed, 1)


class TestQuotaOnlyForCallsThatRan(RateLimitCase):
    def test_refused_calls_do_not_consume_quota(self):
        limits = [{"window": "minute", "max": 2, "scope": "user"}]
        self.call(limits, at=T0)
        self.call(limits, at=T0 + timedelta(seconds=30))
        for second in range(31, 59):  # hammering while refused must not push the window forward
            self.assertFalse(self.call(limits, at=T0 + timedelta(seconds=second)).allowed)
        self.assertTrue(self.call(limits, at=T0 + timedelta(seconds=60)).allowed)
        self.cr.execute("SELECT count(*) FROM parley_rate_event")
        self.assertEqual(self.cr.fetchone()[0], 3)

    def test_released_reservation_gives_the_slot_back(self):
        limits = [{"window": "minute", "max": 1, "scope": "user"}]
        first = self.call(limits)
        self.assertFalse(self.call(limits).allowed)
        ratelimit.release(self.cr, first.event_id)
        self.conn.commit()
        self.assertTrue(self.call(limits).allowed)


class TestConcurrency(RateLimitCase):
    def test_two_workers_never_exceed_the_max(self):
        limits = [{"window": "minute", "max": 25, "scope": "global"}]
        allowed = []
        barrier = threading.Barrier(2)

        def worker(user):
            conn = psycopg2.connect(dbname=DB)
            # Odoo's cursors default to REPEATABLE READ: start there, as the addon would.
            conn.set_isolation_level(psycopg2.extensions.ISOLATION_LEVEL_REPEATABLE_READ)
            cr = conn.cursor()
            barrier.wait()
            for _ in range(40):
                ratelimit.begin_read_committed(cr)
                res = ratelimit.reserve(cr, limits, "search_records", user, user, T0)
                conn.commit()
                allowed.append(res.allowed)
            conn.close()

        threads = [threading.Thread(target=worker, args=(u,)) for u in (1, 2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(sum(allowed), 25)
        self.cr.execute("SELECT count(*) FROM parley_rate_event")
        self.assertEqual(self.cr.fetchone()[0], 25)

    def test_repeatable_read_transaction_is_refused(self):
        self.conn.set_isolation_level(psycopg2.extensions.ISOLATION_LEVEL_REPEATABLE_READ)
        with self.assertRaisesRegex(RuntimeError, "READ COMMITTED"):
            ratelimit.reserve(self.cr, [{"window": "minute", "max": 1}], "t", 1, 1, T0)


class TestValidation(unittest.TestCase):
    def test_bad_limits_are_refused_with_a_readable_message(self):
        bad = [
            ([{"window": "week", "max": 1}], "unknown window"),
            ([{"window": "minute", "max": 0}], "positive integer"),
            ([{"window": "minute", "max": True}], "positive integer"),
            ([{"window": "minute", "max": 1, "scope": "company"}], "unknown scope"),
            ({"window": "minute"}, "must be a list"),
            (["minute"], "must be an object"),
        ]
        for limits, message in bad:
            with self.subTest(limits=limits), self.assertRaisesRegex(ValueError, message):
                ratelimit.validate_limits(limits)

    def test_session_scope_without_session_is_refused(self):
        with self.assertRaisesRegex(ValueError, "session_id"):
            ratelimit.reserve(None, [{"window": "minute", "max": 1, "scope": "session"}],
                              "t", 1, None, T0, strict=False)
