import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
// The mailer and the two transports used, not nodemailer's index, which loads its SMTP and sendmail transports too.
import Mailer from 'nodemailer/lib/mailer';
import SESTransport from 'nodemailer/lib/ses-transport';
import StreamTransport from 'nodemailer/lib/stream-transport';
import type { MailSender, OutboundMail } from '../domain/senders';

export type MailSettings =
  | { kind: 'files'; dir: string; from: string }
  | {
      kind: 'ses';
      from: string;
      /** Wraps the SES client before use, e.g. to trace its calls. */
      captureClient?: (client: SESv2Client) => SESv2Client;
    };

const LINE = 76;

/**
 * Folds lines at word boundaries to the 76 characters RFC 5322 and MIME
 * recommend, so that a plain ASCII mail travels as readable 7-bit text.
 */
export function foldLines(text: string): string {
  return text
    .split('\n')
    .flatMap((line) => {
      const folded: string[] = [];
      let rest = line;
      while (rest.length > LINE) {
        const space = rest.lastIndexOf(' ', LINE);
        const cut = space > 0 ? space : LINE;
        folded.push(rest.slice(0, cut));
        rest = rest.slice(cut).trimStart();
      }
      folded.push(rest);
      return folded;
    })
    .join('\n');
}

function message(mail: OutboundMail, from: string) {
  return {
    from,
    to: mail.to,
    subject: mail.subject,
    text: foldLines(mail.text),
    // The same delivery always makes the same message: a resend is recognisable as one.
    messageId: `<${mail.deliveryId}@privacy-ops>`,
    headers: { 'X-Privacy-Ops-Topic': mail.topic, 'X-Privacy-Ops-Delivery': mail.deliveryId },
  };
}

/**
 * RFC 5322 messages built by nodemailer: written as one `.eml` file each
 * locally (named by delivery, so a repeat overwrites rather than duplicates),
 * sent through SES on AWS.
 */
export function createMailSender(settings: MailSettings): MailSender {
  if (settings.kind === 'ses') {
    // A try must end well inside the delivery's hold (domain/deliveries.ts TRY_HOLD_MS).
    const client = new SESv2Client({
      maxAttempts: 2,
      requestHandler: { connectionTimeout: 2_000, socketTimeout: 5_000 },
    });
    const transport = new Mailer(
      new SESTransport({
        SES: { sesClient: settings.captureClient?.(client) ?? client, SendEmailCommand },
      }),
    );
    return {
      async send(mail) {
        await transport.sendMail(message(mail, settings.from));
      },
    };
  }
  const transport = new Mailer(
    new StreamTransport({ streamTransport: true, buffer: true, newline: 'unix' }),
  );
  return {
    async send(mail) {
      const info = await transport.sendMail(message(mail, settings.from));
      await mkdir(settings.dir, { recursive: true });
      const file = join(settings.dir, `${mail.deliveryId}.eml`);
      // Written whole or not at all: a reader of the folder never sees half a mail.
      await writeFile(`${file}.tmp`, info.message as Buffer);
      await rename(`${file}.tmp`, file);
    },
  };
}
