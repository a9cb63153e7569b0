// The e-mail that accompanies an in-app notification, in Chinese with English beneath.

export interface NotificationEmailInput {
  recipientName: string;
  title: string;
  body: string;
  link: string;
}

export function notificationEmail({ recipientName, title, body, link }: NotificationEmailInput): { subject: string; text: string } {
  return {
    subject: `[Spinway] ${title}`,
    text: [
      `${recipientName}，您好：`,
      `Dear ${recipientName},`,
      '',
      body,
      '',
      '在 Spinway 中查看 / Open in Spinway:',
      link,
      '',
      '此邮件由 Spinway 自动发送，请勿直接回复。',
      'This message was sent automatically by Spinway; please do not reply.',
      '',
    ].join('\n'),
  };
}

/**
 * A Message-ID (RFC 5322 msg-id) carrying the delivery key. Characters a msg-id may not hold
 * (the key's colons, for one) are percent-encoded, so the key can be read back from it.
 */
export function messageIdFor(deliveryKey: string, domain: string): string {
  const local = [...Buffer.from(deliveryKey, 'utf8')]
    .map((byte) => {
      const char = String.fromCharCode(byte);
      return /[A-Za-z0-9!#$&'*+\-/=?^_`{|}~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
  return `<${local}@${domain}>`;
}
