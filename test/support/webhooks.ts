import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  /** The receiver's name in the URL it was sent to: one per partner, see `urlFor`. */
  name: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The HTTP status the receiver answered it with. */
  status: number;
  /** When it arrived (epoch ms). */
  receivedAt: number;
}

export interface WebhookReceiver {
  /** A URL of its own for one partner, so that each test reads only its partners' calls. */
  urlFor(name: string): string;
  receivedBy(name: string): ReceivedWebhook[];
  /** From now on, answers every call with `status`: a receiver going down, or coming back. */
  answerWith(status: number): void;
  close(): Promise<void>;
}

/** A partner's real HTTP endpoint on loopback; `status` is what it answers. */
export async function startWebhookReceiver(status = 200): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let answer = status;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        name: decodeURIComponent((request.url ?? '').replace(/^\/hooks\//, '')),
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        status: answer,
        receivedAt: Date.now(),
      });
      response.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    urlFor: (name) => `http://127.0.0.1:${port}/hooks/${encodeURIComponent(name)}`,
    receivedBy: (name) => received.filter((hook) => hook.name === name),
    answerWith: (next) => {
      answer = next;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
