"""Parley tokens: mint, verify, and the signing key file (docs/wire.md §1).

Format: ``v1.<b64url(claims JSON)>.<b64url(HMAC-SHA256(key, "v1." + b64url(claims JSON)))>``
with unpadded base64url. This module is pure Python (no odoo import) so it can be tested alone.

Verification is deliberately strict: anything that is not exactly a token we could have minted is
refused before its claims are trusted, and the signature is checked (in constant time) before the
claims are even decoded.
"""
import base64
import binascii
import hashlib
import hmac
import json
import os
import re
import secrets
import stat
import time

VERSION = 'v1'
AUD_TOOLS = 'parley.tools'
AUD_APPROVAL = 'parley.approval'
AUD_MCP = 'parley.mcp'
AUDIENCES = frozenset({AUD_TOOLS, AUD_APPROVAL, AUD_MCP})

KEY_BYTES = 32
# Hosts of one Odoo install share a clock; a small allowance covers NTP jitter only.
CLOCK_SKEW_S = 30
MAX_TOKEN_CHARS = 4096

_BASE_CLAIMS = frozenset({'aud', 'db', 'uid', 'iat', 'exp', 'jti'})
# Claims each audience must carry on top of the base ones; no other claim is accepted.
_AUDIENCE_CLAIMS = {
    AUD_TOOLS: frozenset({'sid', 'tid'}),
    AUD_APPROVAL: frozenset({'sid', 'tid', 'call_id', 'tool', 'args_sha256'}),
    AUD_MCP: frozenset(),
}
_B64URL = re.compile(r'^[A-Za-z0-9_-]+$')
_HEX32 = re.compile(r'^[0-9a-f]{32}$')
_HEX64 = re.compile(r'^[0-9a-f]{64}$')

MESSAGES = {
    'token_missing': 'No turn token was presented.',
    'token_malformed': 'The token is malformed.',
    'token_bad_signature': 'The token signature is invalid.',
    'token_wrong_audience': 'The token is not meant for this endpoint.',
    'token_wrong_db': 'The token was issued for another database.',
    'token_expired': 'The token has expired.',
}


class TokenError(Exception):
    """A token was refused. ``code`` is one of the stable codes of docs/wire.md §0."""

    def __init__(self, code, message=None):
        self.code = code
        self.message = message or MESSAGES.get(code, 'The token was refused.')
        super().__init__(f'{code}: {self.message}')


class KeyFileError(Exception):
    """The key file is unusable (wrong permissions, wrong size, not a regular file)."""


def _b64encode(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b'=').decode('ascii')


def _b64decode(text):
    if not _B64URL.match(text):
        raise TokenError('token_malformed')
    try:
        return base64.urlsafe_b64decode(text + '=' * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise TokenError('token_malformed') from None


def _sign(key, signing_input):
    return hmac.new(key, signing_input.encode('ascii'), hashlib.sha256).digest()


def canonical_json(value):
    """Canonical JSON bytes: keys sorted, no spaces, UTF-8, no ASCII escaping."""
    return json.dumps(value, sort_keys=True, separators=(',', ':'), ensure_ascii=False,
                      allow_nan=False).encode('utf-8')


def args_sha256(args):
    """Hex SHA-256 of the canonical JSON of tool arguments (binds an approval to its call)."""
    return hashlib.sha256(canonical_json(args)).hexdigest()


def _check_key(key):
    if not isinstance(key, bytes) or len(key) != KEY_BYTES:
        raise ValueError('the signing key must be exactly 32 bytes')


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def mint(key, *, aud, db, uid, lifetime_s, now=None, jti=None, **claims):
    """Return a signed token. ``claims`` are the audience's extra claims (sid, tid, …).

    Minting is deterministic given ``now`` and ``jti``: Odoo re-creates a running turn's token
    from its stored claims when it must present it (cancel), so the token itself is never stored.
    """
    _check_key(key)
    if aud not in AUDIENCES:
        raise ValueError(f'unknown audience {aud!r}')
    if not _is_int(lifetime_s) or lifetime_s <= 0:
        raise ValueError('lifetime_s must be a positive integer')
    iat = int(time.time() if now is None else now)
    payload = dict(claims, aud=aud, db=db, uid=uid, iat=iat, exp=iat + lifetime_s,
                   jti=secrets.token_hex(16) if jti is None else jti)
    try:
        _check_claims(payload)  # never mint something verify() would refuse
    except TokenError as error:
        raise ValueError(f'refusing to mint invalid claims: {error.message}') from None
    body = _b64encode(canonical_json(payload))
    signing_input = f'{VERSION}.{body}'
    return f'{signing_input}.{_b64encode(_sign(key, signing_input))}'


def _check_claims(claims):
    if not isinstance(claims, dict) or claims.get('aud') not in AUDIENCES:
        raise TokenError('token_malformed')
    if set(claims) != _BASE_CLAIMS | _AUDIENCE_CLAIMS[claims['aud']]:
        raise TokenError('token_malformed')
    if not isinstance(claims['db'], str) or not claims['db']:
        raise TokenError('token_malformed')
    for name in ('uid', 'sid', 'tid'):
        if name in claims and not (_is_int(claims[name]) and claims[name] > 0):
            raise TokenError('token_malformed')
    if not (_is_int(claims['iat']) and _is_int(claims['exp']) and claims['exp'] > claims['iat']):
        raise TokenError('token_malformed')
    if not isinstance(claims['jti'], str) or not _HEX32.match(claims['jti']):
        raise TokenError('token_malformed')
    if 'call_id' in claims:
        if not isinstance(claims['call_id'], str) or not 0 < len(claims['call_id']) <= 128:
            raise TokenError('token_malformed')
        if not isinstance(claims['tool'], str) or not 0 < len(claims['tool']) <= 64:
            raise TokenError('token_malformed')
        if not isinstance(claims['args_sha256'], str) or not _HEX64.match(claims['args_sha256']):
            raise TokenError('token_malformed')


def verify(key, token, *, aud, db, now=None):
    """Return the claims of ``token`` or raise TokenError.

    Order matters: structure, then signature (constant time), then claims, audience, database,
    and time. Nothing from the claims is used before the signature holds.
    """
    _check_key(key)
    if not token:
        raise TokenError('token_missing')
    if not isinstance(token, str) or len(token) > MAX_TOKEN_CHARS or not token.isascii():
        raise TokenError('token_malformed')
    parts = token.split('.')
    if len(parts) != 3 or parts[0] != VERSION:
        raise TokenError('token_malformed')
    signature = _b64decode(parts[2])
    if len(signature) != hashlib.sha256().digest_size:
        raise TokenError('token_malformed')
    if not hmac.compare_digest(signature, _sign(key, f'{parts[0]}.{parts[1]}')):
        raise TokenError('token_bad_signature')
    try:
        claims = json.loads(_b64decode(parts[1]).decode('utf-8'))
    except (UnicodeDecodeError, ValueError):
        raise TokenError('token_malformed') from None
    _check_claims(claims)
    if claims['aud'] != aud:
        raise TokenError('token_wrong_audience')
    if claims['db'] != db:
        raise TokenError('token_wrong_db')
    current = time.time() if now is None else now
    if claims['iat'] > current + CLOCK_SKEW_S:
        raise TokenError('token_malformed', 'The token was issued in the future.')
    if current >= claims['exp'] + CLOCK_SKEW_S:
        raise TokenError('token_expired')
    return claims


def load_or_create_key(path):
    """Return the 32-byte key stored at ``path``, creating it (mode 0600) if absent.

    The key is random and lives only in this file: it is never derived from anything in the
    database. Creation is atomic (a private temp file hard-linked into place) so two workers racing
    at first start end up with the same key. A key file readable by group or others is refused
    rather than silently fixed: someone may already have copied it.
    """
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    directory = os.path.dirname(os.path.abspath(path))
    old_umask = os.umask(0o077)
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
        tmp = f'{path}.{secrets.token_hex(8)}.tmp'
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, 'O_NOFOLLOW', 0), 0o600)
        try:
            with os.fdopen(fd, 'wb') as handle:
                handle.write(secrets.token_bytes(KEY_BYTES))
                handle.flush()
                os.fsync(handle.fileno())
            try:
                os.link(tmp, path)  # fails if another process won the race: use its key
            except FileExistsError:
                pass
        finally:
            os.unlink(tmp)
    finally:
        os.umask(old_umask)
    return _read_key(path)


def _read_key(path):
    fd = os.open(path, os.O_RDONLY | getattr(os, 'O_NOFOLLOW', 0))
    with os.fdopen(fd, 'rb') as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise KeyFileError(f'{path} is not a regular file')
        if info.st_mode & 0o077:
            raise KeyFileError(f'{path} is accessible to group or others; run: chmod 600 {path}')
        if hasattr(os, 'geteuid') and info.st_uid != os.geteuid():
            raise KeyFileError(f'{path} is not owned by the user running Odoo')
        key = handle.read(KEY_BYTES + 1)
    if len(key) != KEY_BYTES:
        raise KeyFileError(f'{path} does not hold a {KEY_BYTES}-byte key')
    return key
