"""Shared set-up for Parley's Odoo tests: users, a running turn with its real token, and bridge calls.

Other test files use it like this::

    from odoo.tests import HttpCase, tagged
    from .common import ParleyCase

    @tagged('post_install', '-at_install')
    class TestSomething(ParleyCase, HttpCase):
        def test_x(self):
            turn, token = self.parley_turn(self.alice)
            status, body = self.bridge_post('/parley/tool/list_models',
                                            {'turn_id': turn.id, 'call_id': 'toolu_1', 'args': {}}, token)

``ParleyCase`` works with ``TransactionCase`` too (everything but ``bridge_post``).
"""
import json

from odoo.tests.common import new_test_user

from ..lib import token as parley_token


class ParleyCase:
    """Mixin: put it before ``HttpCase``/``TransactionCase`` in the bases."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alice = new_test_user(cls.env, 'parley_alice', groups='base.group_user,parley.group_user',
                                  name='Alice Parley')
        cls.bob = new_test_user(cls.env, 'parley_bob', groups='base.group_user,parley.group_user',
                                name='Bob Parley')
        cls.manager = new_test_user(cls.env, 'parley_manager', groups='base.group_user,parley.group_manager',
                                    name='Manager Parley')
        cls.outsider = new_test_user(cls.env, 'parley_outsider', groups='base.group_user', name='Not Parley')

    @classmethod
    def demo_user(cls):
        """The demo user (a plain Parley user via demo data), or an equivalent when demo is off."""
        demo = cls.env.ref('base.user_demo', raise_if_not_found=False)
        if demo:
            return demo
        return new_test_user(cls.env, 'parley_demo', groups='base.group_user,parley.group_user')

    def parley_session(self, user, name='Test chat'):
        return self.env['parley.session'].sudo().create({'user_id': user.id, 'name': name})

    def parley_turn(self, user, session=None, state='running'):
        """A turn of ``user`` with a freshly minted token, as chat/send makes them.

        Returns (turn as sudo, token). ``state`` other than running is set after minting, so the
        token is genuine but its turn is over.
        """
        session = session or self.parley_session(user)
        turn = self.env['parley.turn'].sudo().create({'session_id': session.id})
        token = turn._parley_mint_token()
        if state != 'running':
            turn.write({'state': state})
        return turn, token

    def parley_key(self):
        return self.env['parley.keyring']._parley_key()

    def forge_token(self, turn, key=None, **overrides):
        """A token for ``turn`` with chosen claims, signed with ``key`` (default: the real key),
        and registered as the turn's token so only the claim under test differs."""
        params = dict(aud=parley_token.AUD_TOOLS, db=self.env.cr.dbname, uid=turn.user_id.id,
                      sid=turn.session_id.id, tid=turn.id, lifetime_s=600)
        params.update(overrides)
        params = {key: value for key, value in params.items() if value is not None}
        token = parley_token.mint(key or self.parley_key(), **params)
        claims = json.loads(parley_token._b64decode(token.split('.')[1]))
        turn.write({'token_jti': claims['jti'], 'token_iat': claims['iat']})
        return token

    def bridge_post(self, path, body=None, token=None, headers=None):
        """POST like the bridge does: JSON body, Bearer token, no Origin. Returns (status, json)."""
        all_headers = {'Content-Type': 'application/json'}
        if token:
            all_headers['Authorization'] = f'Bearer {token}'
        all_headers.update(headers or {})
        response = self.url_open(path, data=json.dumps(body if body is not None else {}), headers=all_headers)
        self.env.invalidate_all()  # the request changed records behind this environment's cache
        return response.status_code, response.json()

    def tool_call(self, turn, token, name, args=None, call_id='toolu_test', headers=None):
        return self.bridge_post(f'/parley/tool/{name}', {'turn_id': turn.id, 'call_id': call_id,
                                                         'args': args or {}}, token, headers)

    def send_events(self, turn, token, events):
        """Post an events batch as the bridge; ``seq`` is numbered here, per turn."""
        seqs = self.__dict__.setdefault('_parley_seq', {})
        numbered = []
        for event in events:
            seqs[turn.id] = seqs.get(turn.id, 0) + 1
            numbered.append(dict({'seq': seqs[turn.id], 'ts': 0}, **event))
        return self.bridge_post('/parley/bridge/events', {'turn_id': turn.id, 'events': numbered}, token)

    def request_approval(self, turn, token, tool, args, call_id='toolu_test'):
        """The bridge asks for an approval; returns the stored parley.approval (sudo)."""
        result = self.send_events(turn, token, [{'type': 'approval.request', 'call_id': call_id,
                                                 'tool': tool, 'args': args}])
        self.assertEqual(result, (200, {'ok': True, 'data': {'state': 'running'}}))
        return self.env['parley.approval'].sudo().search([('turn_id', '=', turn.id), ('call_id', '=', call_id)])

    def assertRefused(self, result, status, code):
        self.assertEqual(result[0], status, result[1])
        self.assertEqual(result[1].get('ok'), False, result[1])
        self.assertEqual(result[1]['error']['code'], code, result[1])
        self.assertNotIn('Traceback', json.dumps(result[1]))
