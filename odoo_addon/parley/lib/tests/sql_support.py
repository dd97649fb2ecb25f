"""Finds the repository's SQL fixture (test/sql/pg_fixture.py) and opens one database per test run.

The SQL tests need a real PostgreSQL; when none can be reached they skip with one loud line instead
of failing, and never pretend to have run.
"""
import os
import sys
import unittest


def _repo_root():
    here = os.path.dirname(os.path.abspath(__file__))
    while here != os.path.dirname(here):
        if os.path.exists(os.path.join(here, 'test', 'sql', 'pg_fixture.py')):
            return here
        here = os.path.dirname(here)
    return None


ROOT = _repo_root()
if ROOT and os.path.join(ROOT, 'test', 'sql') not in sys.path:
    sys.path.insert(0, os.path.join(ROOT, 'test', 'sql'))

_fixture = None
_users = 0


def acquire():
    """The shared PgFixture (created on first use), or SkipTest when PostgreSQL is unreachable."""
    global _fixture, _users
    if ROOT is None:
        raise unittest.SkipTest('SKIPPED: test/sql/pg_fixture.py not found (addon outside its repository)')
    import psycopg2
    import pg_fixture
    if _fixture is None:
        try:
            fixture = pg_fixture.PgFixture()
        except psycopg2.OperationalError as exc:
            reason = str(exc).strip().splitlines()[0]
            sys.stderr.write(f'\n*** SKIPPED: no PostgreSQL reachable for the sql_select tests ({reason}) ***\n')
            raise unittest.SkipTest(f'SKIPPED: no PostgreSQL reachable ({reason})') from None
        try:
            fixture.create()
        except Exception:
            fixture.close()
            raise
        _fixture = fixture
    _users += 1
    return _fixture


def release():
    global _fixture, _users
    _users -= 1
    if _users == 0 and _fixture is not None:
        _fixture.close()
        _fixture = None
