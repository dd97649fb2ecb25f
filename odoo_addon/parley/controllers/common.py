"""The checks every bridge-facing route runs first (DESIGN §4 steps 1–4), in that order, in one
place. A route calls ``authenticate_bridge_request`` and gets the turn and an environment of the
turn's user — never the superuser — or a ``Refusal`` that ``bridge_route`` turns into the answer
of docs/wire.md §0.
"""
import functools
import ipaddress
import json
import logging

from odoo import SUPERUSER_ID
from odoo.http import request
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY

from ..lib import token as parley_token

_logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 2 * 1024 * 1024
# Headers a reverse proxy adds: a request carrying one came from outside, whatever the peer is.
PROXY_HEADERS = ('X-Forwarded-For', 'Forwarded', 'X-Real-IP')

MESSAGES = {
    'not_loopback': 'Only the local Parley bridge may call this endpoint.',
    'origin_refused': 'Browser requests are not accepted here.',
    'turn_not_running': 'This turn is not running any more.',
    'session_inactive': 'This chat session is closed.',
    'user_inactive': 'The user of this turn is inactive.',
    'user_not_in_group': 'The user of this turn may not use Parley.',
    'kill_switch': 'Parley has been stopped by an administrator.',
    'bad_request': 'The request body is not valid.',
    'internal_error': 'Odoo could not handle this request.',
    'conflict': 'Odoo was busy with the same turn; try again.',
}


class Refusal(Exception):
    def __init__(self, code, status, message=None):
        self.code = code
        self.status = status
        self.turn = None  # set once the token is known to be ours, for the audit
        self.message = message or MESSAGES.get(code) or parley_token.MESSAGES.get(code, code)
        super().__init__(f'{code}: {self.message}')


def answer(data=None, error=None, status=200):
    """The envelope of docs/wire.md §0, and nothing else."""
    body = {'ok': False, 'error': error} if error else {'ok': True, 'data': data}
    return request.make_json_response(body, status=status)


def answer_error(code, message, status=200):
    return answer(error={'code': code, 'message': message}, status=status)


def bridge_route(func=None, *, retry_on_conflict=False):
    """Turn refusals and unexpected failures into envelope answers; never leak a traceback.

    With ``retry_on_conflict``, a PostgreSQL concurrency error (two requests updating one turn)
    propagates so that Odoo rolls back and runs the request again — only for routes whose whole
    effect is in the request's transaction. The tool route is not one: it spends grants and rate
    slots on cursors of their own, so it must never run twice.
    """
    if func is None:
        return functools.partial(bridge_route, retry_on_conflict=retry_on_conflict)

    @functools.wraps(func)
    def wrapper(self, *args, **kwargs):
        try:
            return func(self, *args, **kwargs)
        except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
            if retry_on_conflict:
                raise
            request.env.cr.rollback()
            _logger.warning('Parley: %s lost a concurrent update', request.httprequest.path)
            return answer_error('conflict', MESSAGES['conflict'], 503)
        except Refusal as refusal:
            # Refusals happen before anything is written, so there is nothing to roll back (and
            # in test mode a rollback would also undo the audit row of the separate cursor).
            return answer_error(refusal.code, refusal.message, refusal.status)
        except Exception:
            request.env.cr.rollback()
            _logger.exception('Parley: %s failed', request.httprequest.path)
            return answer_error('internal_error', MESSAGES['internal_error'], 500)
    return wrapper


def read_json_body():
    raw = request.httprequest.get_data(cache=True)
    if len(raw) > MAX_BODY_BYTES:
        raise Refusal('bad_request', 400, 'The request body is too large.')
    try:
        body = json.loads(raw or b'null')
    except ValueError:
        raise Refusal('bad_request', 400, 'The request body is not valid JSON.') from None
    if not isinstance(body, dict):
        raise Refusal('bad_request', 400, 'The request body must be a JSON object.')
    return body


def check_edge():
    """Step 1: loopback peer and no browser. Behind a reverse proxy nothing is local."""
    httprequest = request.httprequest
    environ = httprequest.environ
    if any(header in httprequest.headers for header in PROXY_HEADERS) \
            or 'werkzeug.proxy_fix.orig' in environ:
        raise Refusal('not_loopback', 403)
    try:
        # The socket peer, as werkzeug recorded it; proxy_mode rewrites would be caught above.
        peer = ipaddress.ip_address(environ.get('REMOTE_ADDR') or '')
    except ValueError:
        raise Refusal('not_loopback', 403) from None
    if not (peer.is_loopback or (peer.version == 6 and peer.ipv4_mapped and peer.ipv4_mapped.is_loopback)):
        raise Refusal('not_loopback', 403)
    if 'Origin' in httprequest.headers:
        raise Refusal('origin_refused', 403)


def bearer_token():
    header = request.httprequest.headers.get('Authorization') or ''
    scheme, _sep, value = header.partition(' ')
    if not header:
        return ''
    if scheme != 'Bearer' or not value.strip():
        raise Refusal('token_malformed', 401)
    return value.strip()


def verify_turn_token(states=('running',)):
    """Steps 2–4. Returns (claims, turn as sudo). The turn is the addon's own bookkeeping."""
    try:
        claims = request.env['parley.keyring'].sudo()._parley_verify(bearer_token(), parley_token.AUD_TOOLS)
    except parley_token.TokenError as error:
        raise Refusal(error.code, 401, error.message) from None
    turn = request.env['parley.turn'].sudo().browse(claims['tid']).exists()
    # A token names one turn of one session of one user; all three must still agree, and it must
    # be the token minted for this turn (a replayed token from a stale turn id is refused).
    if (not turn or turn.user_id.id != claims['uid'] or turn.session_id.id != claims['sid']
            or turn.token_jti != claims['jti']):
        raise Refusal('token_malformed', 401, 'The token does not match a turn of its user.')
    try:
        _check_turn(turn, claims, states)
    except Refusal as refusal:
        refusal.turn = turn  # the signature held: the refusal can be attributed in the audit
        raise
    return claims, turn


def _check_turn(turn, claims, states):
    if turn.state not in states:
        raise Refusal('turn_not_running', 401)
    if not turn.session_id.active:
        raise Refusal('session_inactive', 401)
    user = turn.user_id
    if claims['uid'] == SUPERUSER_ID or not user.active or user.share:
        raise Refusal('user_inactive', 401)
    if not user.has_group('parley.group_user'):
        raise Refusal('user_not_in_group', 401)
    if request.env['parley.turn'].sudo()._parley_kill_switch_active():
        raise Refusal('kill_switch', 401)


def switch_to_user(uid):
    """Step 8: the request now acts as the user, with their rights and nothing else."""
    request.update_env(user=uid, su=False)
    env = request.env
    if env.su or env.uid != uid or uid == SUPERUSER_ID:
        raise RuntimeError('Parley refuses to act as the superuser')
    return env


def authenticate_bridge_request(states=('running',)):
    """Steps 1–4 and the user switch, for every bridge-facing route.

    Returns (claims, turn, env): ``turn`` is sudo (for the addon's own writes), ``env`` is the
    user's environment for anything done on the user's behalf.
    """
    check_edge()
    claims, turn = verify_turn_token(states)
    env = switch_to_user(claims['uid'])
    return claims, turn, env
