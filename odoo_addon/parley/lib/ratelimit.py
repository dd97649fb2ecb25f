"""Sliding-window rate limits counted in PostgreSQL, so every Odoo worker agrees.

No odoo import: the functions take a DB-API cursor (psycopg2) and work on the table of the
Odoo model ``parley.rate.event``::

    parley_rate_event(id serial, tool varchar, user_id int, session_id int,
                      created_at timestamp without time zone)   -- naive UTC, like fields.Datetime

One row is one call that was let through. A policy limit is ``{"window": "minute", "max": 60,
"scope": "user"}`` and applies to one tool; the scope decides which rows count:
``user`` → same tool and user, ``session`` → same tool and chat session, ``global`` → same tool.

Two phases, so that quota is used only by calls that ran:

1. ``reserve()`` takes a transaction-scoped advisory lock per scope, counts the rows inside each
   window and, when every limit has room, inserts the row that holds the slot. A refused call
   inserts nothing. The lock makes count + insert atomic across workers: a second worker doing the
   same blocks until the first transaction ends, then sees its row.
2. If the call is then refused further down the chain (approval missing, policy changed, …) the
   caller gives the slot back with ``release()``. A call that ran keeps its slot, whether the tool
   succeeded or raised an Odoo error (it did run, as the user, and cost work).

The count must see rows committed by the worker that held the lock just before us, which only
READ COMMITTED gives: under Odoo's default REPEATABLE READ the snapshot is taken by the first
statement, before the lock is granted, and two workers could both see "one slot left". So:

    with registry.cursor() as rcr:            # fresh cursor: no statement has run yet
        ratelimit.begin_read_committed(rcr)
        res = ratelimit.reserve(rcr, limits, tool, uid, sid)
    # leaving the block commits: the row is visible to other workers, the lock is released

A dedicated cursor also keeps the lock short (it is held until that transaction ends, not for the
whole tool call). ``reserve()`` refuses to run under another isolation level unless told
``strict=False`` — meant for Odoo's test mode, where every cursor shares one transaction and there
is no concurrency to guard against.
"""

from datetime import datetime, timedelta, timezone
from typing import NamedTuple

WINDOWS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
SCOPES = ("user", "session", "global")
TABLE = "parley_rate_event"

# First half of the two-int advisory lock key, so our locks never collide with another
# module's single-key locks on the same hash. Arbitrary constant: "PRLY".
_LOCK_NAMESPACE = 0x50524C59 - (1 << 31)


class Reservation(NamedTuple):
    allowed: bool
    retry_after_s: int  # 0 when allowed; else seconds until the tightest window frees a slot
    event_id: int | None  # the row holding the slot; None when refused or when nothing is limited


def validate_limits(limits):
    """Return the limits as ``[(seconds, max, scope)]`` or raise ValueError with a readable message."""
    if limits is None:
        return []
    if not isinstance(limits, (list, tuple)):
        raise ValueError("limits must be a list")
    parsed = []
    for limit in limits:
        if not isinstance(limit, dict):
            raise ValueError("each limit must be an object")
        window, maximum, scope = limit.get("window"), limit.get("max"), limit.get("scope", "user")
        if window not in WINDOWS:
            raise ValueError(f"unknown window {window!r}; use one of {', '.join(WINDOWS)}")
        if isinstance(maximum, bool) or not isinstance(maximum, int) or maximum < 1:
            raise ValueError("max must be a positive integer")
        if scope not in SCOPES:
            raise ValueError(f"unknown scope {scope!r}; use one of {', '.join(SCOPES)}")
        parsed.append((WINDOWS[window], maximum, scope))
    return parsed


def _utc_naive(now):
    if now is None:
        return datetime.now(timezone.utc).replace(tzinfo=None)
    if now.tzinfo is not None:
        return now.astimezone(timezone.utc).replace(tzinfo=None)
    return now


def _scope_filter(scope, tool, user_id, session_id):
    """SQL condition + params selecting the rows one scope counts, and the scope's lock key."""
    if scope == "user":
        if user_id is None:
            raise ValueError("a user-scoped limit needs a user_id")
        return "tool = %s AND user_id = %s", [tool, user_id], f"{tool}|user|{user_id}"
    if scope == "session":
        if session_id is None:
            raise ValueError("a session-scoped limit needs a session_id")
        return "tool = %s AND session_id = %s", [tool, session_id], f"{tool}|session|{session_id}"
    return "tool = %s", [tool], f"{tool}|global"


def _retry_after(cr, where, params, window_start, window_s, count, maximum, now):
    """Seconds until enough rows leave the window for one more call to fit."""
    cr.execute(
        f"SELECT created_at FROM {TABLE} WHERE {where} AND created_at > %s "
        "ORDER BY created_at ASC OFFSET %s LIMIT 1",
        [*params, window_start, count - maximum],
    )
    row = cr.fetchone()
    if not row:
        return 1
    frees_at = row[0] + timedelta(seconds=window_s)
    # Round up: answering "retry in 0 s" to a refused call would invite a busy loop.
    return max(1, int(-(-(frees_at - now).total_seconds() // 1)))


def begin_read_committed(cr):
    """Switch a fresh transaction to READ COMMITTED; PostgreSQL refuses once a query has run."""
    cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")


def reserve(cr, limits, tool, user_id, session_id, now=None, strict=True):
    """Check every limit and, when all have room, record this call. Returns a Reservation."""
    parsed = validate_limits(limits)
    if not parsed:
        return Reservation(True, 0, None)
    if strict:
        cr.execute("SHOW transaction_isolation")
        if cr.fetchone()[0] != "read committed":
            raise RuntimeError("rate limits need a READ COMMITTED transaction: "
                               "call begin_read_committed() on a fresh cursor first")
    now = _utc_naive(now)
    scoped = [(window_s, maximum, *_scope_filter(scope, tool, user_id, session_id))
              for window_s, maximum, scope in parsed]
    # Sorted lock order: two calls locking overlapping scopes can never deadlock.
    for key in sorted({key for *_, key in scoped}):
        cr.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [_LOCK_NAMESPACE, key])
    retry_after = 0
    for window_s, maximum, where, params, _key in scoped:
        window_start = now - timedelta(seconds=window_s)
        cr.execute(f"SELECT count(*) FROM {TABLE} WHERE {where} AND created_at > %s",
                   [*params, window_start])
        count = cr.fetchone()[0]
        if count >= maximum:
            retry_after = max(retry_after, _retry_after(
                cr, where, params, window_start, window_s, count, maximum, now))
    if retry_after:
        return Reservation(False, retry_after, None)
    cr.execute(
        f"INSERT INTO {TABLE} (tool, user_id, session_id, created_at) VALUES (%s, %s, %s, %s) "
        "RETURNING id",
        [tool, user_id, session_id, now],
    )
    return Reservation(True, 0, cr.fetchone()[0])


def release(cr, event_id):
    """Give back the slot of a call that was reserved but did not run."""
    if event_id:
        cr.execute(f"DELETE FROM {TABLE} WHERE id = %s", [event_id])


def purge(cr, now=None):
    """Delete rows older than the longest window; they can never count again."""
    oldest = _utc_naive(now) - timedelta(seconds=max(WINDOWS.values()))
    cr.execute(f"DELETE FROM {TABLE} WHERE created_at <= %s", [oldest])
    return cr.rowcount
