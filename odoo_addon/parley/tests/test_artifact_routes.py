"""Panel and browser: listing, opening in a tab and downloading charts and reports (DESIGN §9)."""
import ast
import os

from .. import controllers
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from ..controllers.artifact import SANDBOX_HEADER_CSP
from .common import ParleyCase
from .test_artifact import DOCUMENT, SVG


@tagged('post_install', '-at_install')
class TestArtifactRoutes(ParleyCase, HttpCase):

    def artifact(self, user, kind='report', session=None):
        session = session or self.parley_session(user)
        values = {'session_id': session.id, 'kind': kind, 'title': 'Overdue "Q2" / invoices', 'html': DOCUMENT}
        if kind == 'chart':
            values.update(svg=SVG, width=760, height=420, source_call_id='toolu_agg', source_tool='aggregate_records')
        return self.env['parley.artifact'].sudo().create(values)

    def test_routes_are_loaded_without_the_tests(self):
        """This file imports controllers.artifact itself, which registers its routes for the test run
        only; in production they exist only if the package imports the module."""
        with open(os.path.join(os.path.dirname(controllers.__file__), '__init__.py'), encoding='utf-8') as init:
            imported = {alias.name for node in ast.parse(init.read()).body if isinstance(node, ast.ImportFrom)
                        for alias in node.names}
        self.assertIn('artifact', imported, 'controllers/__init__.py must contain: from . import artifact')

    def test_owner_opens_in_tab_under_sandbox_csp_and_nosniff(self):
        artifact = self.artifact(self.alice)
        self.authenticate('parley_alice', 'parley_alice')
        response = self.url_open(f'/parley/artifact/{artifact.id}/view')
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers['Content-Security-Policy'], SANDBOX_HEADER_CSP)
        self.assertEqual(response.headers['X-Content-Type-Options'], 'nosniff')
        self.assertTrue(response.headers['Content-Type'].startswith('text/html'))
        self.assertNotIn('attachment', response.headers.get('Content-Disposition', ''))
        self.assertEqual(response.text, DOCUMENT)

    def test_another_user_cannot_open_or_download_it(self):
        artifact = self.artifact(self.alice, kind='chart')
        for login in ('parley_bob', 'parley_manager', 'parley_outsider'):
            self.authenticate(login, login)
            for path in ('view', 'download', 'download?format=svg'):
                response = self.url_open(f'/parley/artifact/{artifact.id}/{path}')
                self.assertEqual(response.status_code, 404, (login, path))
                self.assertNotIn('Q2', response.text)

    def test_anonymous_visitor_cannot_open_it(self):
        artifact = self.artifact(self.alice)
        self.authenticate(None, None)
        response = self.url_open(f'/parley/artifact/{artifact.id}/view', allow_redirects=False)
        self.assertIn(response.status_code, (303, 302, 404))
        self.assertNotIn('Q2', response.text)

    def test_download_is_an_attachment_under_the_same_csp(self):
        artifact = self.artifact(self.alice, kind='chart')
        self.authenticate('parley_alice', 'parley_alice')
        response = self.url_open(f'/parley/artifact/{artifact.id}/download')
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers['Content-Disposition'], 'attachment; filename="overdue-q2-invoices.html"')
        self.assertEqual(response.headers['Content-Security-Policy'], SANDBOX_HEADER_CSP)
        svg = self.url_open(f'/parley/artifact/{artifact.id}/download?format=svg')
        self.assertEqual(svg.headers['Content-Type'], 'image/svg+xml; charset=utf-8')
        self.assertEqual(svg.text, SVG)
        self.assertEqual(self.url_open(f'/parley/artifact/{artifact.id}/download?format=exe').status_code, 404)

    def test_panel_lists_and_gets_own_artifacts_only(self):
        session = self.parley_session(self.alice)
        chart = self.artifact(self.alice, kind='chart', session=session)
        report = self.artifact(self.alice, session=session)
        bobs = self.artifact(self.bob)
        self.authenticate('parley_alice', 'parley_alice')
        listed = self.make_jsonrpc_request('/parley/artifacts/list', {'session_id': session.id})
        self.assertEqual([a['id'] for a in listed], [chart.id, report.id])
        self.assertNotIn('html', listed[0])
        got = self.make_jsonrpc_request('/parley/artifacts/get', {'artifact_id': chart.id})
        source = {'call_id': 'toolu_agg', 'tool': 'aggregate_records'}
        self.assertEqual((got['svg'], got['html'], got['source']), (SVG, DOCUMENT, source))
        with self.assertRaises(Exception):
            self.make_jsonrpc_request('/parley/artifacts/get', {'artifact_id': bobs.id})
        with self.assertRaises(Exception):
            self.make_jsonrpc_request('/parley/artifacts/list', {'session_id': bobs.session_id.id})

    def test_users_read_their_own_artifacts_and_write_none(self):
        mine, theirs = self.artifact(self.alice), self.artifact(self.bob)
        as_alice = self.env['parley.artifact'].with_user(self.alice)
        self.assertEqual(as_alice.search([]), mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.alice).read(['html'])
        with self.assertRaises(AccessError):
            mine.with_user(self.alice).write({'html': '<script>x</script>'})
        with self.assertRaises(AccessError):
            as_alice.create({'session_id': mine.session_id.id, 'kind': 'report', 'title': 'x', 'html': 'x'})
        with self.assertRaises(AccessError):
            mine.with_user(self.alice).unlink()

    def test_managers_read_all_artifacts_but_write_none(self):
        theirs = self.artifact(self.bob)
        self.assertEqual(theirs.with_user(self.manager).read(['title'])[0]['title'], theirs.title)
        with self.assertRaises(AccessError):
            theirs.with_user(self.manager).write({'title': 'x'})

    def test_deleting_the_session_deletes_its_artifacts(self):
        artifact = self.artifact(self.alice)
        artifact.session_id.with_user(self.alice).unlink()
        self.assertFalse(artifact.exists())
