"""A throw-away PostgreSQL database with the Odoo-like schema of test/fixtures/sql, for the sql_select tests.

Connects with libpq's defaults (PG* environment variables, else the local socket). Creates:
  hs_<random>        the database, owned by ...
  hs_odoo_<random>   a LOGIN, non-superuser role standing in for Odoo's database user (owns every table)
  hs_sql_<random>    the restricted NOLOGIN role of layer 4, granted to the Odoo-like user
and drops all three in close(). Nothing here imports odoo or the addon.
"""
import glob
import json
import os
import re
import secrets

import psycopg2

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(os.path.dirname(HERE), 'fixtures', 'sql')
CANARY = 'K4N4RY'
ATTACK_FILE_GLOB = '/tmp/parley_sql_attack_*'
NOT_MODELS = {'hs_canary', 'hs_user_view'}  # tables no Odoo model owns


def load_attacks():
    with open(os.path.join(FIXTURES, 'attacks.json'), encoding='utf-8') as fh:
        return json.load(fh)


def load_legit():
    """[(id, sql, params)] from legit.sql blocks headed `-- legit: <id> [params=<json>]`."""
    with open(os.path.join(FIXTURES, 'legit.sql'), encoding='utf-8') as fh:
        text = fh.read()
    entries = []
    for block in re.split(r'^-- legit: ', text, flags=re.M)[1:]:
        header, _, sql = block.partition('\n')
        ident, _, rest = header.strip().partition(' ')
        params = json.loads(rest.split('=', 1)[1]) if rest.startswith('params=') else None
        entries.append((ident, sql.strip(), params))
    return entries


class PgFixture:
    def __init__(self):
        suffix = secrets.token_hex(4)
        self.dbname, self.odoo_user, self.role = f'hs_{suffix}', f'hs_odoo_{suffix}', f'hs_sql_{suffix}'
        self.odoo_password = secrets.token_urlsafe(16)
        self.admin = psycopg2.connect(dbname=os.environ.get('PGDATABASE', 'postgres'))
        self.admin.autocommit = True
        self.app_params = None
        self.note = ''

    # -- lifecycle -------------------------------------------------------------------------------
    def create(self):
        with self.admin.cursor() as cr:
            cr.execute(f'CREATE ROLE "{self.odoo_user}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %s',
                       (self.odoo_password,))
            cr.execute(f'CREATE ROLE "{self.role}" NOLOGIN NOSUPERUSER NOINHERIT')
            cr.execute(f'GRANT "{self.role}" TO "{self.odoo_user}"')
            cr.execute(f'CREATE DATABASE "{self.dbname}" OWNER "{self.odoo_user}"')
        with open(os.path.join(FIXTURES, 'schema.sql'), encoding='utf-8') as fh:
            schema = fh.read()
        conn = self.admin_db()
        with conn.cursor() as cr:
            cr.execute(f'SET ROLE "{self.odoo_user}"')  # Odoo's user owns its tables, as in production
            cr.execute(schema)
        conn.commit()
        conn.close()
        self.app_params = self._find_app_params()
        self.victim = self.app_connect()  # another "Odoo worker": must survive every attack
        self.victim.autocommit = True

    def close(self):
        for conn in (getattr(self, 'victim', None),):
            if conn is not None and not conn.closed:
                conn.close()
        with self.admin.cursor() as cr:
            cr.execute(f'DROP DATABASE IF EXISTS "{self.dbname}" WITH (FORCE)')
            cr.execute(f'DROP ROLE IF EXISTS "{self.role}"')
            cr.execute(f'DROP ROLE IF EXISTS "{self.odoo_user}"')
        self.admin.close()

    def admin_db(self):
        return psycopg2.connect(dbname=self.dbname)

    def _find_app_params(self):
        host = os.environ.get('PGHOST') or '127.0.0.1'
        if host.startswith('/'):
            host = '127.0.0.1'  # a socket would use peer auth, which the fresh role cannot pass
        params = {'dbname': self.dbname, 'user': self.odoo_user, 'password': self.odoo_password, 'host': host}
        try:
            psycopg2.connect(**params).close()
            return params
        except psycopg2.OperationalError:
            self.note = 'password login for the Odoo-like role failed; using SET SESSION AUTHORIZATION'
            return None

    def app_connect(self):
        """A fresh connection as the Odoo-like, non-superuser database user."""
        if self.app_params:
            return psycopg2.connect(**self.app_params)
        conn = psycopg2.connect(dbname=self.dbname)
        with conn.cursor() as cr:
            cr.execute(f'SET SESSION AUTHORIZATION "{self.odoo_user}"')
        conn.commit()
        return conn

    # -- what the addon would pass ---------------------------------------------------------------
    def table_columns(self):
        conn = self.admin_db()
        with conn.cursor() as cr:
            cr.execute("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'")
            found = {}
            for table, column in cr.fetchall():
                found.setdefault(table, set()).add(column)
        conn.close()
        return found

    def table_to_model(self):
        return {t: t.replace('_', '.') for t in self.table_columns() if t not in NOT_MODELS}

    # -- evidence that nothing happened ---------------------------------------------------------
    def state(self):
        """Everything an attack could change, as one comparable dict."""
        conn = self.admin_db()
        out = {}
        with conn.cursor() as cr:
            cr.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                       "AND table_type = 'BASE TABLE' ORDER BY 1")
            tables = [row[0] for row in cr.fetchall()]
            # One pass, order-independent: a row count and a sum of row hashes per table.
            cr.execute(' UNION ALL '.join(
                f'SELECT %s, count(*), coalesce(sum(hashtext(t::text)::bigint), 0) FROM "{table}" t' for table in tables),
                tables)
            for table, count, digest in cr.fetchall():
                out[table] = (count, digest)
            cr.execute("SELECT md5(string_agg(table_name || '.' || column_name || ':' || data_type, ',' "
                       "ORDER BY table_name, column_name)) FROM information_schema.columns WHERE table_schema = 'public'")
            out['_columns'] = cr.fetchone()[0]
            cr.execute("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                       "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')")
            out['_relations'] = cr.fetchone()[0]
            cr.execute('SELECT last_value, is_called FROM hs_canary_seq')
            out['_sequence'] = cr.fetchone()
            cr.execute('SELECT count(*) FROM pg_largeobject_metadata')
            out['_large_objects'] = cr.fetchone()[0]
            cr.execute("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'hs\\_evil%' OR rolsuper AND rolname LIKE 'hs\\_%'")
            out['_roles'] = cr.fetchone()[0]
            cr.execute('SELECT has_table_privilege(%s, %s, %s)', (self.role, 'hs_canary', 'SELECT'))
            out['_grants'] = cr.fetchone()[0]
        conn.close()
        return out

    def health_problems(self):
        """[] when every backend is alive, no advisory lock is held and no attack file exists."""
        problems = []
        try:
            with self.victim.cursor() as cr:
                cr.execute('SELECT 1')
        except psycopg2.Error as exc:
            problems.append(f'victim backend died: {exc}')
        with self.admin.cursor() as cr:
            cr.execute("SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database "
                       "WHERE l.locktype = 'advisory' AND d.datname = %s", (self.dbname,))
            if cr.fetchone()[0]:
                problems.append('an advisory lock is still held')
            cr.execute('SELECT count(*) FROM pg_prepared_xacts')
            if cr.fetchone()[0]:
                problems.append('a prepared transaction exists')
        files = glob.glob(ATTACK_FILE_GLOB)
        if files:
            problems.append(f'attack files written: {files}')
        return problems

    def server_is_local(self):
        host = os.environ.get('PGHOST', '')
        return host in ('', 'localhost', '127.0.0.1', '::1') or host.startswith('/')
