"""Spending an approval grant exactly once (DESIGN §5). No odoo import: tested on real PostgreSQL.

The grant's claims were verified before (signature, audience, database, expiry, and that they name
this very call); this marks the matching approval ``used`` in one statement. Of two requests
presenting the same grant at the same instant, the second one's UPDATE waits for the first and then
either finds the row no longer ``approved`` (READ COMMITTED) or fails to serialize (REPEATABLE
READ, Odoo's default): both mean "already used".
"""
import psycopg2.errors

CONSUME_SQL = """
    UPDATE parley_approval SET state = 'used', write_date = now() at time zone 'UTC'
     WHERE grant_jti = %(jti)s AND turn_id = %(tid)s AND call_id = %(call_id)s AND tool = %(tool)s
       AND args_sha256 = %(args_sha256)s AND state = 'approved'
 RETURNING id"""


def consume(cr, claims):
    """Mark the approval of ``claims`` used; True for the one caller that did. Caller commits."""
    try:
        cr.execute(CONSUME_SQL, {key: claims[key] for key in ('jti', 'tid', 'call_id', 'tool', 'args_sha256')})
        return len(cr.fetchall()) == 1
    except psycopg2.errors.SerializationFailure:
        return False
