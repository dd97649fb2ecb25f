import logging

from odoo import api, models

_logger = logging.getLogger(__name__)


class ParleySqlGrants(models.AbstractModel):
    """Keeps the restricted SQL role's grants equal to the schema (layer 4 of sql_select).

    The registry is loaded again after every module install and upgrade, so syncing there keeps
    the grants current without a cron; the settings page also has a button for it.
    """
    _name = 'parley.sql.grants'
    _description = 'Parley SQL role grants'

    def _register_hook(self):
        super()._register_hook()
        try:
            with self.env.cr.savepoint():
                self._parley_sync()
        except Exception:  # a grant problem must never keep Odoo from starting
            _logger.exception('Parley: could not sync the SQL role grants')

    @api.model
    def _parley_sync(self):
        from ..agent_tools import sql_select  # the tool owns the table mapping
        tables = sql_select.sync_role_grants(self.env)
        if tables is not None:
            _logger.info('Parley: SQL role %s may read %s tables', sql_select.role_name(self.env), tables)
        return tables
