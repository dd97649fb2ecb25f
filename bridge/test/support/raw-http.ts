// Raw HTTP requests with full control over headers (fetch will not let a test forge Host).
import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  headers: string;
  body: string;
}

export function rawRequest(port: number, head: string, body = ''): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(head.replace(/\n/g, '\r\n') + '\r\n' + body);
    });
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => (data += chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const [headers = '', rest = ''] = data.split('\r\n\r\n', 2);
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(headers)?.[1] ?? 0);
      resolve({ status, headers, body: rest });
    });
  });
}

export function jsonBody(response: RawResponse): Record<string, unknown> {
  const start = response.body.indexOf('{');
  return JSON.parse(response.body.slice(start, response.body.lastIndexOf('}') + 1)) as Record<string, unknown>;
}
