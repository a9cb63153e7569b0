// Outgoing e-mail over SMTP (nodemailer), configured by SMTP_URL and MAIL_FROM. Without
// SMTP_URL the mailer is disabled: notifications stay in-app and deliveries are recorded SKIPPED.
import nodemailer, { type Transporter } from 'nodemailer';
import type { AppConfig } from './config';

export interface MailMessage {
  to: { name: string; address: string };
  subject: string;
  text: string;
  /** The Message-ID header (with angle brackets): a resend after a crash carries the same one. */
  messageId: string;
  headers?: Record<string, string>;
}

export interface SentMail {
  messageId: string;
  /** The server's last reply, e.g. "250 OK: queued as 1A2B3C". */
  response: string;
}

export interface Mailer {
  readonly enabled: boolean;
  /** The domain used on the right of Message-IDs (that of MAIL_FROM). */
  readonly messageIdDomain: string;
  send(message: MailMessage): Promise<SentMail>;
  close(): void;
}

export function createMailer(config: Pick<AppConfig, 'SMTP_URL' | 'MAIL_FROM'>): Mailer {
  const messageIdDomain = /@([^>\s]+)>?\s*$/.exec(config.MAIL_FROM)?.[1] ?? 'spinway.local';
  if (!config.SMTP_URL) {
    return {
      enabled: false,
      messageIdDomain,
      send: () => Promise.reject(new Error('E-mail is disabled: SMTP_URL is not set')),
      close: () => {},
    };
  }
  const transport: Transporter = nodemailer.createTransport(config.SMTP_URL);
  return {
    enabled: true,
    messageIdDomain,
    async send(message) {
      const info = await transport.sendMail({
        from: config.MAIL_FROM,
        to: message.to,
        subject: message.subject,
        text: message.text,
        messageId: message.messageId,
        headers: message.headers,
      });
      return { messageId: info.messageId, response: String(info.response ?? '') };
    },
    close: () => transport.close(),
  };
}
