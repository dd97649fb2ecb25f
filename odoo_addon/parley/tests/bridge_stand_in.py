"""A stand-in for the bridge's /v1 routes in Odoo tests: records what Odoo sends it.

The real bridge cannot run inside HttpCase (requests are serialised on one test cursor, so a
bridge calling back into Odoo would deadlock); what matters here is the request Odoo makes —
the decision, the grant and the turn token — which this captures unchanged.
"""
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class BridgeStandIn:
    def __init__(self, port):
        self.requests = []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                length = int(self.headers.get('Content-Length') or 0)
                body = json.loads(self.rfile.read(length) or b'{}')
                stand_in.requests.append({'path': self.path, 'body': body,
                                          'authorization': self.headers.get('Authorization', '')})
                answer = {'stopped': 0} if self.path == '/v1/kill' else {'delivered': True}
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header('Content-Type', 'application/json')
                self.send_header('Content-Length', str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *_args):
                pass

        self.server = ThreadingHTTPServer(('127.0.0.1', port), Handler)
        self.url = f'http://127.0.0.1:{port}'
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def decisions(self):
        return [r for r in self.requests if r['path'].endswith('/approvals')]
