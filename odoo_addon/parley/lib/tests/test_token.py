"""Attacks on Parley tokens and on the key file, in plain Python (no Odoo)."""
import base64
import json
import os
import stat
import tempfile
import unittest

from .. import token as tk

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))
NOW = 1_800_000_000


def _mint(**overrides):
    params = dict(aud=tk.AUD_TOOLS, db='prod', uid=7, sid=3, tid=12, lifetime_s=600, now=NOW)
    params.update(overrides)
    return tk.mint(KEY, **params)


def _verify(token, **overrides):
    params = dict(aud=tk.AUD_TOOLS, db='prod', now=NOW + 1)
    params.update(overrides)
    return tk.verify(KEY, token, **params)


def _b64(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b'=').decode()


def _resign(claims, key=KEY):
    """A token a holder of ``key`` could build with arbitrary claims."""
    body = _b64(json.dumps(claims).encode())
    signing_input = f'v1.{body}'
    return f'{signing_input}.{_b64(tk._sign(key, signing_input))}'


class TestTokenRoundTrip(unittest.TestCase):
    def test_minted_token_verifies_with_its_claims(self):
        claims = _verify(_mint())
        self.assertEqual((claims['uid'], claims['sid'], claims['tid']), (7, 3, 12))
        self.assertEqual(claims['exp'] - claims['iat'], 600)
        self.assertRegex(claims['jti'], r'^[0-9a-f]{32}$')

    def test_each_token_has_a_fresh_jti(self):
        self.assertNotEqual(_verify(_mint())['jti'], _verify(_mint())['jti'])

    def test_same_claims_mint_the_same_token(self):
        token = _mint()
        claims = _verify(token)
        self.assertEqual(_mint(jti=claims['jti']), token)
        with self.assertRaises(ValueError):
            _mint(jti='not-hex')

    def test_approval_grant_binds_call_and_arguments(self):
        digest = tk.args_sha256({'ids': [1], 'values': {'name': 'x'}})
        grant = _mint(aud=tk.AUD_APPROVAL, call_id='toolu_1', tool='update_records', args_sha256=digest)
        claims = _verify(grant, aud=tk.AUD_APPROVAL)
        self.assertEqual((claims['call_id'], claims['args_sha256']), ('toolu_1', digest))


class TestTokenAttacks(unittest.TestCase):
    def assertRefused(self, code, token, **overrides):
        with self.assertRaises(tk.TokenError) as caught:
            _verify(token, **overrides)
        self.assertEqual(caught.exception.code, code)

    def test_forged_signature_refused(self):
        self.assertRefused('token_bad_signature', tk.mint(OTHER_KEY, aud=tk.AUD_TOOLS, db='prod', uid=7,
                                                          sid=3, tid=12, lifetime_s=600, now=NOW))

    def test_tampered_claims_refused(self):
        prefix, body, signature = _mint().split('.')
        claims = json.loads(base64.urlsafe_b64decode(body + '=='))
        claims['uid'] = 2
        self.assertRefused('token_bad_signature', f'{prefix}.{_b64(json.dumps(claims).encode())}.{signature}')

    def test_truncated_signature_refused(self):
        token = _mint()
        self.assertRefused('token_malformed', token[:-4])

    def test_expired_token_refused(self):
        token = _mint(lifetime_s=60)
        self.assertRefused('token_expired', token, now=NOW + 60 + tk.CLOCK_SKEW_S)

    def test_token_within_clock_skew_accepted(self):
        _verify(_mint(lifetime_s=60), now=NOW + 60 + tk.CLOCK_SKEW_S - 1)

    def test_token_issued_in_the_future_refused(self):
        self.assertRefused('token_malformed', _mint(now=NOW + 3600))

    def test_wrong_audience_refused(self):
        self.assertRefused('token_wrong_audience', _mint(), aud=tk.AUD_APPROVAL)

    def test_wrong_db_refused(self):
        self.assertRefused('token_wrong_db', _mint(db='other'))

    def test_missing_token_refused(self):
        self.assertRefused('token_missing', '')
        self.assertRefused('token_missing', None)

    def test_malformed_tokens_refused(self):
        good = _mint()
        for bad in ['v1', 'v1..', 'v2' + good[2:], good + '.x', good.replace('.', '!', 1),
                    good + '=', 'v1.' + '=' * 10 + '.abc', 'é' + good, 'x' * (tk.MAX_TOKEN_CHARS + 1),
                    12345]:
            with self.subTest(bad=str(bad)[:20]):
                self.assertRefused('token_malformed', bad)

    def test_validly_signed_but_malformed_claims_refused(self):
        """Even a key holder's odd claims are refused: strict shape, no extra claims, sane types."""
        base = {'aud': tk.AUD_TOOLS, 'db': 'prod', 'uid': 7, 'sid': 3, 'tid': 12, 'iat': NOW,
                'exp': NOW + 600, 'jti': 'a' * 32}
        variants = [
            dict(base, uid='7'), dict(base, uid=True), dict(base, uid=0), dict(base, tid=None),
            dict(base, exp=NOW - 1), dict(base, jti='short'), dict(base, admin=True),
            {k: v for k, v in base.items() if k != 'sid'}, dict(base, aud='parley.other'),
        ]
        for claims in variants:
            with self.subTest(claims=claims):
                self.assertRefused('token_malformed', _resign(claims))
        self.assertRefused('token_malformed', 'v1.' + _b64(b'[1]') + '.' + _b64(tk._sign(KEY, 'v1.' + _b64(b'[1]'))))

    def test_signature_checked_before_claims_are_parsed(self):
        """A forged token with garbage claims reports the forgery, not the garbage."""
        self.assertRefused('token_bad_signature', _resign({'not': 'claims'}, key=OTHER_KEY))

    def test_mint_refuses_invalid_claims(self):
        with self.assertRaises(ValueError):
            _mint(uid=0)
        with self.assertRaises(ValueError):
            _mint(aud='parley.admin')
        with self.assertRaises(ValueError):
            tk.mint(b'short', aud=tk.AUD_TOOLS, db='prod', uid=7, sid=1, tid=1, lifetime_s=60)


class TestCanonicalJson(unittest.TestCase):
    def test_canonical_json_is_sorted_compact_utf8(self):
        self.assertEqual(tk.canonical_json({'b': 1, 'a': 'é'}), '{"a":"é","b":1}'.encode())

    def test_args_digest_ignores_key_order(self):
        self.assertEqual(tk.args_sha256({'a': 1, 'b': [2]}), tk.args_sha256({'b': [2], 'a': 1}))
        self.assertNotEqual(tk.args_sha256({'a': 1}), tk.args_sha256({'a': 2}))


class TestKeyFile(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.path = os.path.join(self.tmp.name, 'parley', 'prod.key')

    def test_key_file_created_with_mode_0600(self):
        key = tk.load_or_create_key(self.path)
        self.assertEqual(len(key), tk.KEY_BYTES)
        self.assertEqual(stat.S_IMODE(os.stat(self.path).st_mode), 0o600)
        self.assertEqual(stat.S_IMODE(os.stat(os.path.dirname(self.path)).st_mode), 0o700)

    def test_key_file_created_under_permissive_umask_still_0600(self):
        old = os.umask(0)
        try:
            tk.load_or_create_key(self.path)
        finally:
            os.umask(old)
        self.assertEqual(stat.S_IMODE(os.stat(self.path).st_mode), 0o600)

    def test_key_is_stable_once_created(self):
        self.assertEqual(tk.load_or_create_key(self.path), tk.load_or_create_key(self.path))
        self.assertEqual(os.listdir(os.path.dirname(self.path)), ['prod.key'])

    def test_group_readable_key_file_refused(self):
        tk.load_or_create_key(self.path)
        for mode in (0o640, 0o604, 0o660):
            os.chmod(self.path, mode)
            with self.subTest(mode=oct(mode)), self.assertRaises(tk.KeyFileError):
                tk.load_or_create_key(self.path)

    def test_key_file_of_wrong_size_refused(self):
        os.makedirs(os.path.dirname(self.path))
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600)
        os.write(fd, b'too short')
        os.close(fd)
        with self.assertRaises(tk.KeyFileError):
            tk.load_or_create_key(self.path)

    def test_symlinked_key_file_refused(self):
        real = os.path.join(self.tmp.name, 'real.key')
        tk.load_or_create_key(real)
        os.makedirs(os.path.dirname(self.path))
        os.symlink(real, self.path)
        with self.assertRaises(OSError):
            tk.load_or_create_key(self.path)

    def test_key_never_derived_from_db(self):
        """Two databases of the same name in two data dirs get unrelated random keys."""
        other = os.path.join(self.tmp.name, 'elsewhere', 'parley', 'prod.key')
        self.assertNotEqual(tk.load_or_create_key(self.path), tk.load_or_create_key(other))
        with open(self.path, 'rb') as handle:
            self.assertEqual(handle.read(), tk.load_or_create_key(self.path))


if __name__ == '__main__':
    unittest.main()
