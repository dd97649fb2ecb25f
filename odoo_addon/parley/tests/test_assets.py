"""The panel's assets inside Odoo's own bundle: one SCSS error empties the whole backend's styles
(Odoo compiles every SCSS file of web.assets_backend in one go), so it is checked here, with Odoo's
own compiler and variables, not only in a browser."""
from odoo.tests import TransactionCase, tagged


@tagged('post_install', '-at_install')
class TestAssets(TransactionCase):

    def test_backend_styles_compile_with_the_panel_styles(self):
        bundle = self.env['ir.qweb']._get_asset_bundle('web.assets_backend', js=False)
        self.assertTrue(any('parley.scss' in (asset.url or '') for asset in bundle.stylesheets))
        bundle.preprocess_css()
        self.assertEqual(bundle.css_errors, [])

    def test_backend_scripts_include_the_panel_bundle(self):
        bundle = self.env['ir.qweb']._get_asset_bundle('web.assets_backend', css=False)
        self.assertTrue(any((asset.url or '').endswith('/parley/static/src/dist/parley_panel.js')
                            for asset in bundle.javascripts))
