"""Rate limits at the tool endpoint (DESIGN §4 step 6): each scope, through the real route.

The windows themselves (sliding, concurrency across connections) are tested in plain Python
against PostgreSQL in lib/tests/test_ratelimit.py; here the route must count per scope, answer
``rate_limited`` as data, audit it, and charge only calls that ran.
"""
import json

from odoo.tests import HttpCase, tagged

from .common import ParleyCase


@tagged('post_install', '-at_install')
class TestRateLimitRoute(ParleyCase, HttpCase):

    def limit(self, tool, scope, maximum=2):
        doc = self.env['parley.policy']._parley_active()[1]
        entry = dict(doc['tools'].get(tool) or {'action': 'allow'})
        entry['limits'] = [{'window': 'minute', 'max': maximum, 'scope': scope}]
        doc['tools'][tool] = entry
        self.env['parley.policy'].sudo().create({'name': f'hw rate {scope}', 'document': json.dumps(doc)})

    def calls(self, turn, token, n, tool='list_models', args=None):
        return [self.tool_call(turn, token, tool, args)[1] for _ in range(n)]

    def codes(self, answers):
        return [None if a['ok'] else a['error']['code'] for a in answers]

    def test_user_scope_refuses_a_user_over_the_limit_and_not_another(self):
        self.limit('list_models', 'user')
        turn, token = self.parley_turn(self.alice)
        self.assertEqual(self.codes(self.calls(turn, token, 3)), [None, None, 'rate_limited'])
        other_turn, other_token = self.parley_turn(self.alice)  # another session, same user
        self.assertEqual(self.codes(self.calls(other_turn, other_token, 1)), ['rate_limited'])
        bob_turn, bob_token = self.parley_turn(self.bob)
        self.assertEqual(self.codes(self.calls(bob_turn, bob_token, 1)), [None])

    def test_session_scope_refuses_a_session_over_the_limit_and_not_another(self):
        self.limit('list_models', 'session')
        turn, token = self.parley_turn(self.alice)
        self.assertEqual(self.codes(self.calls(turn, token, 3)), [None, None, 'rate_limited'])
        other_turn, other_token = self.parley_turn(self.alice)
        self.assertEqual(self.codes(self.calls(other_turn, other_token, 1)), [None])

    def test_global_scope_counts_every_user(self):
        self.limit('list_models', 'global')
        alice_turn, alice_token = self.parley_turn(self.alice)
        bob_turn, bob_token = self.parley_turn(self.bob)
        self.assertEqual(self.codes(self.calls(alice_turn, alice_token, 1)), [None])
        self.assertEqual(self.codes(self.calls(bob_turn, bob_token, 1)), [None])
        self.assertEqual(self.codes(self.calls(alice_turn, alice_token, 1)), ['rate_limited'])

    def test_rate_limited_answer_says_when_to_retry_and_is_audited(self):
        self.limit('list_models', 'user', maximum=1)
        turn, token = self.parley_turn(self.alice)
        _ok, refused = self.calls(turn, token, 2)
        self.assertEqual(refused['error']['code'], 'rate_limited')
        self.assertRegex(refused['error']['message'], r'\d+ s')
        audit = self.env['parley.tool_call'].sudo().search([('turn_id', '=', turn.id)], order='id')
        self.assertEqual(audit.mapped('error_code'), [False, 'rate_limited'])

    def test_calls_refused_for_missing_approval_use_no_quota(self):
        self.limit('update_records', 'user', maximum=1)
        turn, token = self.parley_turn(self.alice)
        args = {'model': 'res.partner', 'ids': [self.alice.partner_id.id], 'values': {'phone': '1'}}
        # No grant: refused after the rate check; the slot must be given back each time.
        answers = self.calls(turn, token, 3, 'update_records', args)
        self.assertEqual(self.codes(answers), ['approval_required'] * 3)
