"""Attacks on the bridge-facing routes' check chain (DESIGN §4 steps 1–4), written as the attack."""
import time
from unittest.mock import patch

from odoo import SUPERUSER_ID
from odoo.tests import HttpCase, tagged

from ..lib import token as parley_token
from .common import ParleyCase

INTROSPECT = '/parley/bridge/introspect'


@tagged('post_install', '-at_install')
class TestBridgeAuth(ParleyCase, HttpCase):

    def test_valid_token_introspects_to_its_turn_and_user(self):
        turn, token = self.parley_turn(self.alice)
        status, body = self.bridge_post(INTROSPECT, {}, token)
        self.assertEqual(status, 200, body)
        self.assertEqual(body['data']['uid'], self.alice.id)
        self.assertEqual((body['data']['tid'], body['data']['sid']), (turn.id, turn.session_id.id))
        self.assertEqual(body['data']['user_name'], 'Alice Parley')
        self.assertEqual(set(body), {'ok', 'data'})

    def test_missing_token_refused(self):
        self.assertRefused(self.bridge_post(INTROSPECT, {}), 401, 'token_missing')

    def test_non_bearer_authorization_refused(self):
        _turn, token = self.parley_turn(self.alice)
        self.assertRefused(self.bridge_post(INTROSPECT, {}, headers={'Authorization': f'Basic {token}'}),
                           401, 'token_malformed')

    def test_forged_token_refused(self):
        turn, _token = self.parley_turn(self.alice)
        forged = self.forge_token(turn, key=b'\x01' * 32)
        self.assertRefused(self.bridge_post(INTROSPECT, {}, forged), 401, 'token_bad_signature')

    def test_tampered_token_refused(self):
        _turn, token = self.parley_turn(self.alice)
        prefix, body, signature = token.split('.')
        tampered = f'{prefix}.{body[:-2]}{"AA" if body[-2:] != "AA" else "BB"}.{signature}'
        self.assertRefused(self.bridge_post(INTROSPECT, {}, tampered), 401, 'token_bad_signature')

    def test_expired_token_refused(self):
        turn, _token = self.parley_turn(self.alice)
        expired = self.forge_token(turn, lifetime_s=60, now=time.time() - 3600)
        self.assertRefused(self.bridge_post(INTROSPECT, {}, expired), 401, 'token_expired')

    def test_wrong_db_token_refused(self):
        turn, _token = self.parley_turn(self.alice)
        other_db = self.forge_token(turn, db=self.env.cr.dbname + '_other')
        self.assertRefused(self.bridge_post(INTROSPECT, {}, other_db), 401, 'token_wrong_db')

    def test_wrong_audience_token_refused(self):
        turn, _token = self.parley_turn(self.alice)
        mcp = self.forge_token(turn, aud=parley_token.AUD_MCP, sid=None, tid=None)
        self.assertRefused(self.bridge_post(INTROSPECT, {}, mcp), 401, 'token_wrong_audience')

    def test_other_user_token_refused(self):
        """A token naming Alice's uid cannot drive Bob's turn, even when signed with the real key."""
        bob_turn, _token = self.parley_turn(self.bob)
        crossed = self.forge_token(bob_turn, uid=self.alice.id)
        self.assertRefused(self.bridge_post(INTROSPECT, {}, crossed), 401, 'token_malformed')

    def test_token_of_another_turn_refused(self):
        """Replaying a turn's token against a later turn's id: the jti no longer matches."""
        turn, token = self.parley_turn(self.alice)
        turn._parley_mint_token()  # the turn now has a new token; the old one is dead
        self.assertRefused(self.bridge_post(INTROSPECT, {}, token), 401, 'token_malformed')

    def test_finished_turn_token_refused(self):
        for state in ('done', 'failed', 'cancelled'):
            with self.subTest(state=state):
                _turn, token = self.parley_turn(self.alice, state=state)
                self.assertRefused(self.bridge_post(INTROSPECT, {}, token), 401, 'turn_not_running')

    def test_archived_session_token_refused(self):
        turn, token = self.parley_turn(self.alice)
        turn.session_id.active = False
        self.assertRefused(self.bridge_post(INTROSPECT, {}, token), 401, 'session_inactive')

    def test_inactive_user_token_refused(self):
        turn, token = self.parley_turn(self.bob)
        self.bob.active = False
        self.assertRefused(self.bridge_post(INTROSPECT, {}, token), 401, 'user_inactive')

    def test_user_removed_from_group_token_refused(self):
        turn, token = self.parley_turn(self.bob)
        self.env.ref('parley.group_user').users -= self.bob
        self.assertRefused(self.bridge_post(INTROSPECT, {}, token), 401, 'user_not_in_group')

    def test_kill_switch_refuses_tokens(self):
        _turn, token = self.parley_turn(self.alice)
        with patch.object(type(self.env['parley.turn']), '_parley_kill_switch_active', lambda self: True):
            self.assertRefused(self.bridge_post(INTROSPECT, {}, token), 401, 'kill_switch')

    def test_superuser_token_never_minted(self):
        session = self.env['parley.session'].sudo().create({'user_id': SUPERUSER_ID})
        turn = self.env['parley.turn'].sudo().create({'session_id': session.id})
        with self.assertRaises(ValueError):
            turn._parley_mint_token()

    def test_superuser_token_refused(self):
        """Even a validly signed token for __system__ (uid 1) never gets past the checks."""
        session = self.env['parley.session'].sudo().create({'user_id': SUPERUSER_ID})
        turn = self.env['parley.turn'].sudo().create({'session_id': session.id})
        forged = self.forge_token(turn, uid=SUPERUSER_ID)
        status, body = self.bridge_post(INTROSPECT, {}, forged)
        self.assertEqual(status, 401, body)
        self.assertIn(body['error']['code'], ('user_inactive', 'user_not_in_group'))

    def test_request_with_origin_refused(self):
        _turn, token = self.parley_turn(self.alice)
        self.assertRefused(self.bridge_post(INTROSPECT, {}, token, headers={'Origin': 'http://127.0.0.1:8069'}),
                           403, 'origin_refused')

    def test_request_via_reverse_proxy_refused(self):
        """A request relayed by a proxy reaches Odoo from loopback but came from outside."""
        _turn, token = self.parley_turn(self.alice)
        for header, value in (('X-Forwarded-For', '203.0.113.9'), ('Forwarded', 'for=203.0.113.9'),
                              ('X-Real-IP', '203.0.113.9')):
            with self.subTest(header=header):
                self.assertRefused(self.bridge_post(INTROSPECT, {}, token, headers={header: value}),
                                   403, 'not_loopback')

    def test_browser_session_alone_is_not_enough(self):
        """A signed-in browser (cookie, no token) cannot call the bridge routes."""
        self.authenticate('parley_alice', 'parley_alice')
        self.assertRefused(self.bridge_post(INTROSPECT, {}), 401, 'token_missing')
