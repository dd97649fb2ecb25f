# Pure-Python helpers of the Parley addon. Nothing in this package may import odoo,
# so each module can be tested with plain unittest (see lib/tests).
