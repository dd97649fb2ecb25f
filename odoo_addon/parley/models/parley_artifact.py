"""Charts and reports the assistant made (DESIGN §9), one per render tool call.

The bridge renders and sanitizes; Odoo stores what it was sent only if it is an artifact document
(the exact CSP-first prefix, no active elements), checks that a chart's numbers come from a real,
successful tool call of the same chat, and shows it only sandboxed (controllers/artifact.py).
Users read their own artifacts; only the addon writes them, after the bridge route's checks.
"""
import re

from odoo import api, fields, models

from ..agent_tools import ToolError

# Must equal REPORT_CSP and REPORT_DOCUMENT_PREFIX in bridge/src/render/report.ts (a contract test
# in bridge/test/render compares them).
REPORT_CSP = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; "
              "form-action 'none'; base-uri 'none'")
DOCUMENT_PREFIX = ('<!DOCTYPE html>\n<html><head><meta http-equiv="Content-Security-Policy" content="'
                   + REPORT_CSP + '">')

KINDS = {'render_chart': 'chart', 'render_report': 'report'}
# The bridge-side tools that store artifacts here, and their risk class (lib/policy.TOOL_CATALOGUE).
RENDER_TOOLS = tuple(KINDS)
RENDER_RISK = 'render'
MAX_HTML_CHARS = 1_000_000
MAX_SVG_CHARS = 500_000
MAX_TITLE_CHARS = 200
# A tripwire, not the defence (that is the sandbox and the CSP): the bridge's sanitizer never emits
# these, so a document carrying one did not come from it. Text never matches: in the bridge's output
# every '<' of text is escaped, so '<…' is always a real tag.
ACTIVE_MARKUP = re.compile(
    r'<\s*/?\s*(script|iframe|object|embed|base|form|input|button|textarea|select|link|meta|style|'
    r'noscript|template|math|foreignobject|frame|frameset|video|audio|source|track|picture|image|use|'
    r'animate|animatemotion|animatetransform|set|feimage)\b|<[^>]*\son[a-z]+\s*=', re.IGNORECASE)
# Anything in a tag that could name a URL other than a fragment of the document or a data: image.
REMOTE_REFERENCE = re.compile(
    r'<[^>]*\s(?:xlink:)?href\s*=|<[^>]*url\s*\((?!#)|<[^>]*\ssrcset\s*=|'
    r'<[^>]*\s(?:src|poster|background|action|formaction|ping|data)\s*=\s*(?!["\']?data:image/)|'
    # CSS that loads without spelling url(: escapes (u\\72l), entities (&#117;rl), image-set(…).
    r'<[^>]*\sstyle\s*=\s*["\'][^"\']*(?:\\|&#|image-set|image\s*\(|cross-fade|element\s*\(|@import)', re.IGNORECASE)
# A '<' with another '<' (or the end) before its '>': the bridge never emits one (text and attribute
# values escape '<' and '>'), and refusing it first keeps the '<[^>]*' patterns above linear — each
# then scans only its own tag, where a run of unclosed '<' would make every one scan to the end.
UNCLOSED_TAG = re.compile(r'<[^<>]*(?:<|\Z)')
# The wrapper's head holds meta (charset, name=…), title and its own stylesheet, and nothing that loads.
HEAD_TAG = re.compile(r'<\s*/?\s*([a-zA-Z][\w-]*)([^>]*)>')
HEAD_FORBIDDEN = re.compile(r'url\s*\(|@import|expression\s*\(|javascript:|http-equiv', re.IGNORECASE)


def document_problem(html):
    """Why ``html`` is not an artifact document the bridge could have made, or None.

    Pure (``re`` and this module's constants only): bridge/test/render runs it on real bridge output.
    """
    if not isinstance(html, str) or not html.startswith(DOCUMENT_PREFIX):
        return 'The artifact is not a Parley document (CSP first).'
    if len(html) > MAX_HTML_CHARS:
        return f'The artifact is larger than {MAX_HTML_CHARS} characters.'
    if UNCLOSED_TAG.search(html):
        return 'The artifact has a "<" that does not close its tag.'
    head_end = html.find('</head>')
    head = html[len(DOCUMENT_PREFIX):head_end]
    if head_end < 0 or HEAD_FORBIDDEN.search(head) or any(
            tag.group(1).lower() not in ('meta', 'title', 'style') for tag in HEAD_TAG.finditer(head)):
        return 'The artifact document has an unexpected head.'
    if ACTIVE_MARKUP.search(html, head_end) or REMOTE_REFERENCE.search(html, head_end):
        return 'The artifact contains active markup or a remote reference.'
    return None


def svg_problem(svg):
    """Why ``svg`` is not a static chart SVG, or None (pure, like document_problem)."""
    if isinstance(svg, str) and len(svg) > MAX_SVG_CHARS:
        return f'The chart SVG is larger than {MAX_SVG_CHARS} characters.'
    if not isinstance(svg, str) or not svg.startswith('<svg') or UNCLOSED_TAG.search(svg) \
            or ACTIVE_MARKUP.search(svg) or REMOTE_REFERENCE.search(svg):
        return 'The chart is not a static SVG.'
    return None


_CALL_ID = re.compile(r'^[A-Za-z0-9_.:-]{1,100}$')
_TOOL = re.compile(r'^[a-z][a-z0-9_]{0,63}$')


class ParleyArtifact(models.Model):
    _name = 'parley.artifact'
    _description = 'Parley artifact (chart or report)'
    _order = 'id'

    session_id = fields.Many2one('parley.session', required=True, index=True, ondelete='cascade')
    turn_id = fields.Many2one('parley.turn', index=True, ondelete='set null')
    user_id = fields.Many2one(related='session_id.user_id', store=True, index=True)
    kind = fields.Selection([('chart', 'Chart'), ('report', 'Report')], required=True)
    title = fields.Char(required=True)
    call_id = fields.Char(help='The render tool call that made this artifact.')
    source_call_id = fields.Char(help='The tool call whose result holds a chart\'s numbers.')
    source_tool = fields.Char()
    html = fields.Text(required=True, help='The complete document, CSP first; served sandboxed only.')
    svg = fields.Text(help='Charts: the SVG alone, shown as an image in the chat.')
    width = fields.Integer()
    height = fields.Integer()

    @api.model
    def _parley_store(self, turn, tool, call_id, args):
        """Validate what the bridge sent for ``tool`` and store it for ``turn``'s session.

        ``self`` is the addon's own (sudo) model: the caller has run every check of DESIGN §4.
        Raises ToolError with a message the model can act on.
        """
        if not isinstance(args, dict):
            raise ToolError('validation_error', 'The artifact must be a JSON object.')
        kind = KINDS[tool]
        if args.get('kind') != kind:
            raise ToolError('validation_error', f'{tool} stores a {kind}.')
        values = {
            'session_id': turn.session_id.id, 'turn_id': turn.id, 'kind': kind, 'call_id': call_id,
            'title': self._parley_title(args.get('title')), 'html': self._parley_document(args.get('html')),
        }
        if kind == 'chart':
            values.update(self._parley_chart_values(turn, args))
        return self.create(values)

    @api.model
    def _parley_title(self, title):
        title = ' '.join(str(title or '').split())[:MAX_TITLE_CHARS] if isinstance(title, str) else ''
        if not title:
            raise ToolError('validation_error', 'An artifact needs a title.')
        return title

    @api.model
    def _parley_document(self, html):
        problem = document_problem(html)
        if problem:
            raise ToolError('validation_error', problem)
        return html

    @api.model
    def _parley_chart_values(self, turn, args):
        svg = args.get('svg')
        problem = svg_problem(svg)
        if problem:
            raise ToolError('validation_error', problem)
        source = args.get('source') if isinstance(args.get('source'), dict) else {}
        source_call, source_tool = source.get('call_id'), source.get('tool')
        if not (isinstance(source_call, str) and _CALL_ID.match(source_call)
                and isinstance(source_tool, str) and _TOOL.match(source_tool)):
            raise ToolError('validation_error', 'A chart needs source.call_id and source.tool.')
        # Provenance is checked, not taken on trust: the caption must name a real result.
        proof = self.env['parley.tool_call'].sudo().search_count([
            ('session_id', '=', turn.session_id.id), ('call_id', '=', source_call),
            ('tool', '=', source_tool), ('outcome', '=', 'ok')], limit=1)
        if not proof:
            raise ToolError('validation_error', (
                f'source.call_id {source_call!r} is not a successful {source_tool} call of this chat; '
                'chart numbers must come from a tool result.'))
        size = {key: args.get(key) for key in ('width', 'height')}
        for key, value in size.items():
            if not (isinstance(value, int) and not isinstance(value, bool) and 100 <= value <= 4000):
                raise ToolError('validation_error', f'The chart {key} is invalid.')
        return dict(size, svg=svg, source_call_id=source_call, source_tool=source_tool)

    def _parley_summary(self):
        """What the panel lists per session (no content)."""
        return [{'id': a.id, 'kind': a.kind, 'title': a.title, 'turn_id': a.turn_id.id or None,
                 'call_id': a.call_id or None, 'create_date': fields.Datetime.to_string(a.create_date)}
                for a in self]

    def _parley_content(self):
        self.ensure_one()
        return dict(self._parley_summary()[0], html=self.html, svg=self.svg or None,
                    width=self.width or None, height=self.height or None,
                    source={'call_id': self.source_call_id, 'tool': self.source_tool} if self.source_call_id else None)
