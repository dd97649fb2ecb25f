import os
import threading

from odoo import SUPERUSER_ID, api, models
from odoo.tools import config

from ..lib import token as parley_token

# Keys are read once per process and path. The key lives only on disk (DESIGN §3): never in a
# table, never in ir.config_parameter, never sent to the bridge.
_KEYS = {}
_KEYS_LOCK = threading.Lock()


class ParleyKeyring(models.AbstractModel):
    _name = 'parley.keyring'
    _description = 'Parley token signing and verification'

    @api.model
    def _parley_key_path(self):
        configured = config.get('parley_key_file')
        if configured:
            return os.path.abspath(os.path.expanduser(configured))
        return os.path.join(config['data_dir'], 'parley', f'{self.env.cr.dbname}.key')

    @api.model
    def _parley_key(self):
        path = self._parley_key_path()
        with _KEYS_LOCK:
            if path not in _KEYS:
                _KEYS[path] = parley_token.load_or_create_key(path)
            return _KEYS[path]

    @api.model
    def _parley_mint(self, aud, uid, lifetime_s, now=None, jti=None, **claims):
        # The superuser bypasses every access rule: a token acting as it would make the agent
        # stronger than any human user, so none is ever minted.
        if uid == SUPERUSER_ID:
            raise ValueError('refusing to mint a Parley token for the superuser')
        return parley_token.mint(self._parley_key(), aud=aud, db=self.env.cr.dbname, uid=uid,
                                 lifetime_s=lifetime_s, now=now, jti=jti, **claims)

    @api.model
    def _parley_verify(self, token, aud):
        """Claims of ``token`` for this database, or raise ``TokenError``."""
        return parley_token.verify(self._parley_key(), token, aud=aud, db=self.env.cr.dbname)
