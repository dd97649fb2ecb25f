# The transaction around a model-written SELECT (layer 3 of sql_select, DESIGN section 8).
#
# It assumes nothing about the text: even if the guard were gone, this layer runs the query on its
# own connection, in a READ ONLY transaction with short statement/lock/idle timeouts, optionally as
# the restricted role (layer 4), through a server-side cursor (DECLARE accepts only a query, and
# rows stay on the server until fetched), fetches at most `row_cap` rows and always rolls back.
# No odoo import: the caller passes a factory returning a fresh psycopg2 connection.
import base64
import datetime
import decimal
import json
import math
import uuid
from collections import namedtuple

import pglast
import psycopg2
from psycopg2 import sql as pgsql

from . import sql_guard

ExecResult = namedtuple('ExecResult', 'columns rows row_count truncated')

DEFAULTS = {
    'row_cap': 200,
    'cell_cap': 2000,
    'statement_timeout_ms': 5000,
    'lock_timeout_ms': 500,
    'idle_timeout_ms': 10000,
}

# SQLSTATE -> (code, message for the model)
_ERRORS = {
    '57014': ('timeout', 'The query ran longer than the time limit; narrow it or aggregate first.'),
    '55P03': ('lock_timeout', 'The query waited for a lock; try again later.'),
    '25006': ('read_only', 'sql_select is read-only; the query tried to write.'),
    '42501': ('permission', 'The SQL role may not read this; the table or column is not granted.'),
    '0A000': ('not_supported', 'The query uses a feature sql_select does not support.'),
}


class SqlExecError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def bind_parameters(sql, params):
    """Turn PostgreSQL's $1..$n into psycopg2 placeholders, so values travel as parameters.

    Only tokens the real lexer calls PARAM are replaced; every other % is doubled because
    psycopg2 reads % anywhere in the text. Values are never formatted into the SQL by us.
    """
    params = list(params or ())
    if not params:
        return sql, None
    try:
        tokens = pglast.scan(sql)
    except Exception:
        raise SqlExecError('syntax', 'PostgreSQL cannot read the query.') from None
    out, last = [], 0
    for token in tokens:
        if token.name != 'PARAM':
            continue
        index = int(sql[token.start + 1:token.end + 1])
        if not 1 <= index <= len(params):
            raise SqlExecError('params', f'${index} has no value: {len(params)} parameter(s) given.')
        out.append(sql[last:token.start].replace('%', '%%'))
        out.append(f'%(p{index})s')
        last = token.end + 1
    out.append(sql[last:].replace('%', '%%'))
    return ''.join(out), {f'p{i}': _check_param(v) for i, v in enumerate(params, 1)}


def _check_param(value, nested=False):
    if isinstance(value, str) and '\x00' in value:
        raise SqlExecError('params', 'Parameter values cannot contain NUL characters.')
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, list) and not nested:  # psycopg2 sends a list as an ARRAY value
        return [_check_param(v, nested=True) for v in value]
    raise SqlExecError('params', 'Parameters must be strings, numbers, booleans, null or lists of those.')


def run_checked(connect, sql, params, table_to_model, can_read, role=None, table_columns=None,
                forbidden_columns=None, **limits):
    """The whole pure pipeline sql_select runs: guard (layer 2), then this transaction (3) as the role (4).

    Returns (GuardResult, ExecResult); raises SqlRejected or SqlExecError.
    """
    checked = sql_guard.check(sql, table_to_model, can_read, table_columns, forbidden_columns)
    return checked, run_select(connect, sql, params, role=role, **limits)


def run_select(connect, sql, params=None, role=None, **limits):
    """Run one query read-only and return an ExecResult; raise SqlExecError on any failure."""
    opts = {**DEFAULTS, **limits}
    _refuse_stacked(sql)
    query, values = bind_parameters(sql, params)
    try:
        conn = connect()
    except psycopg2.Error:
        raise SqlExecError('unavailable', 'The database is not reachable.') from None
    try:
        conn.autocommit = False  # psycopg2 opens the transaction; we make it read-only at once
        with conn.cursor() as setup:
            setup.execute('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY')
            for name, key in (('statement_timeout', 'statement_timeout_ms'),
                              ('lock_timeout', 'lock_timeout_ms'),
                              ('idle_in_transaction_session_timeout', 'idle_timeout_ms')):
                setup.execute(pgsql.SQL('SET LOCAL {} = {}').format(
                    pgsql.Identifier(name), pgsql.Literal(int(opts[key]))))
            # The guard lexes with these settings; the server must read the text the same way.
            setup.execute("SET LOCAL standard_conforming_strings = on")
            setup.execute("SET LOCAL search_path = public")
            if role:
                setup.execute(pgsql.SQL('SET LOCAL ROLE {}').format(pgsql.Identifier(role)))
            setup.execute('SHOW transaction_read_only')
            if setup.fetchone()[0] != 'on':  # fail closed if a pooler or driver changed the mode
                raise SqlExecError('read_only', 'Could not open a read-only transaction.')
        cursor = conn.cursor(name='parley_sql_select')
        cursor.execute(query, values)
        rows = cursor.fetchmany(opts['row_cap'] + 1)
        columns = [col.name for col in cursor.description or ()]
        truncated = len(rows) > opts['row_cap']
        rows = [[json_safe(v, opts['cell_cap']) for v in row] for row in rows[:opts['row_cap']]]
        return ExecResult(columns, rows, len(rows), truncated)
    except psycopg2.Error as exc:
        raise _as_exec_error(exc) from None
    except ValueError:  # psycopg2 refuses NUL characters in parameter values
        raise SqlExecError('syntax', 'The query contains characters PostgreSQL cannot accept.') from None
    finally:
        _rollback_and_close(conn)


def _refuse_stacked(sql):
    """psycopg2 sends the text with the simple query protocol, which runs every statement in it: a
    COMMIT inside would end the read-only transaction (and SET LOCAL ROLE) before a write. Nothing
    on the server can stop that, so this layer counts statements itself, with PostgreSQL's parser.
    """
    if '\x00' in sql:  # C code (the parser, libpq) would silently stop reading at it
        raise SqlExecError('syntax', 'The query contains a NUL character.')
    try:
        count = len(pglast.split(sql))
    except Exception:
        raise SqlExecError('syntax', 'PostgreSQL cannot parse the query.') from None
    if count != 1:
        raise SqlExecError('one_statement', 'Send exactly one statement.')


def _as_exec_error(exc):
    code, message = _ERRORS.get(exc.pgcode or '', ('sql_error', None))
    if message is None:
        detail = (getattr(exc.diag, 'message_primary', None) or str(exc)).splitlines()[0]
        message = f'PostgreSQL refused the query: {detail[:300]}'
    return SqlExecError(code, message)


def _rollback_and_close(conn):
    try:
        conn.rollback()
        with conn.cursor() as cur:
            # Session-level advisory locks outlive a rollback; release them now rather than when
            # the server gets round to ending the backend after close().
            cur.execute('SELECT pg_advisory_unlock_all()')
        conn.rollback()
    except psycopg2.Error:
        pass
    finally:
        conn.close()


def _cap(text, cell_cap):
    return text if len(text) <= cell_cap else text[:cell_cap] + '…'


def json_safe(value, cell_cap=DEFAULTS['cell_cap']):
    """A value the JSON encoder takes as is, with text capped at cell_cap characters."""
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            return str(value)
        return int(value) if value == value.to_integral_value() and abs(value) < 2 ** 53 else float(value)
    if isinstance(value, str):
        return _cap(value, cell_cap)
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        raw = bytes(value)
        return _cap('base64:' + base64.b64encode(raw[:cell_cap]).decode(), cell_cap)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [json_safe(v, cell_cap) for v in value[:cell_cap]]
    if isinstance(value, dict):
        text = json.dumps(value, default=str, ensure_ascii=False)
        return value if len(text) <= cell_cap else _cap(text, cell_cap)
    return _cap(str(value), cell_cap)
