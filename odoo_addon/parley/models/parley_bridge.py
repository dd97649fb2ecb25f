import ipaddress
import logging
from urllib.parse import urlsplit

import requests

from odoo import _, api, models

_logger = logging.getLogger(__name__)

DEFAULT_BRIDGE_URL = 'http://127.0.0.1:8765'
START_TIMEOUT_S = 5
STATUS_TIMEOUT_S = 2


class BridgeUnavailable(Exception):
    """The bridge could not take the request; ``message`` is what the user reads."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def is_loopback_url(url):
    try:
        parts = urlsplit(url)
        host = parts.hostname or ''
        return parts.scheme == 'http' and (host == 'localhost' or ipaddress.ip_address(host).is_loopback)
    except ValueError:
        return False


class ParleyBridge(models.AbstractModel):
    """Odoo's client for the bridge (docs/wire.md §2). Turn tokens only ever travel to loopback."""
    _name = 'parley.bridge'
    _description = 'Parley bridge client'

    @api.model
    def _parley_url(self):
        return (self.env['ir.config_parameter'].sudo().get_param('parley.bridge_url') or DEFAULT_BRIDGE_URL).rstrip('/')

    @api.model
    def _parley_request(self, method, path, token=None, payload=None, timeout=START_TIMEOUT_S):
        url = self._parley_url()
        if not is_loopback_url(url):
            # A turn token sent across the network could be replayed by whoever sees it.
            raise BridgeUnavailable('bridge_not_loopback', _(
                'The Parley bridge address (%s) is not a loopback http:// address; '
                'an administrator must fix it in the settings.', url))
        headers = {'Authorization': f'Bearer {token}'} if token else {}
        session = requests.Session()
        session.trust_env = False  # never route a token through an HTTP(S)_PROXY from the environment
        try:
            response = session.request(method, url + path, json=payload, headers=headers,
                                        timeout=timeout, allow_redirects=False)
        except requests.RequestException as error:
            _logger.warning('Parley bridge at %s unreachable: %s', url, error)
            raise BridgeUnavailable('bridge_unreachable', _(
                'The Parley bridge is not running or cannot be reached at %s. '
                'Ask your administrator to start it.', url)) from None
        finally:
            session.close()
        try:
            body = response.json()
        except ValueError:
            body = {}
        return response.status_code, body if isinstance(body, dict) else {}

    @api.model
    def _parley_start_turn(self, token, payload):
        status, body = self._parley_request('POST', '/v1/turns', token, payload)
        if status == 202:
            return
        error = body.get('error') if isinstance(body.get('error'), dict) else {}
        code = str(error.get('code') or f'bridge_http_{status}')[:64]
        if code == 'model_not_configured':
            raise BridgeUnavailable(code, _(
                'No model API key is configured in the Parley bridge. '
                'Ask your administrator to set ANTHROPIC_API_KEY for the bridge.'))
        if code == 'too_many_turns':
            raise BridgeUnavailable(code, _('The assistant is busy with too many answers; try again in a moment.'))
        detail = str(error.get('message') or '')[:300]
        raise BridgeUnavailable(code, _('The Parley bridge refused the request (HTTP %(status)s, %(code)s). %(detail)s',
                                        status=status, code=code, detail=detail).strip())

    @api.model
    def _parley_cancel_turn(self, turn_id, token):
        """Best effort: the bridge also learns of the cancel from its next events batch."""
        try:
            self._parley_request('POST', f'/v1/turns/{int(turn_id)}/cancel', token, {})
        except BridgeUnavailable as error:
            _logger.info('Parley: cancel of turn %s not delivered: %s', turn_id, error.message)

    @api.model
    def _parley_status(self):
        try:
            status, body = self._parley_request('GET', '/healthz', timeout=STATUS_TIMEOUT_S)
        except BridgeUnavailable as error:
            return {'reachable': False, 'model_configured': False, 'missing': [], 'message': error.message}
        if status != 200:
            return {'reachable': False, 'model_configured': False, 'missing': [],
                    'message': _('The Parley bridge answered HTTP %s to its health check.', status)}
        missing = [str(item)[:100] for item in body.get('missing') or [] if isinstance(item, str)][:20]
        configured = body.get('model_configured') is True
        message = '' if configured else _(
            'No model API key is configured in the Parley bridge (missing: %s). '
            'Ask your administrator to set it.', ', '.join(missing) or _('unknown'))
        return {'reachable': True, 'model_configured': configured, 'missing': missing, 'message': message}

    @api.model
    def _parley_send_decision(self, turn_id, token, call_id, decision, grant=None):
        """Hand the user's decision to the waiting call. False when the bridge did not take it."""
        payload = {'call_id': call_id, 'decision': decision}
        if grant:
            payload['grant'] = grant
        try:
            status, body = self._parley_request('POST', f'/v1/turns/{int(turn_id)}/approvals', token, payload)
        except BridgeUnavailable as error:
            _logger.info('Parley: decision on %s of turn %s not delivered: %s', call_id, turn_id, error.message)
            return False
        return status == 200 and body.get('delivered') is True

    @api.model
    def _parley_kill_after_commit(self, tokens):
        """Once the kill switch is committed, ask the bridge to stop every turn at once.

        ``POST /v1/kill`` authenticates with the token of any turn the bridge is running (the
        bridge has no key and cannot verify signatures, but it can recognise a token it was given
        by Odoo). Odoo does not depend on it: tokens are already refused, and the bridge also
        stops at its next events batch. Best effort, after commit, never inside the transaction.
        """
        url = self._parley_url()
        if not tokens or not is_loopback_url(url):
            return

        def kill():
            for token in tokens:
                session = requests.Session()
                session.trust_env = False
                try:
                    response = session.post(url + '/v1/kill', json={}, timeout=STATUS_TIMEOUT_S,
                                            headers={'Authorization': f'Bearer {token}'}, allow_redirects=False)
                    if response.status_code == 200:
                        return
                except requests.RequestException as error:
                    _logger.info('Parley: bridge kill not delivered: %s', error)
                    return
                finally:
                    session.close()

        self.env.cr.postcommit.add(kill)
