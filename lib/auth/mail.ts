import 'server-only';
import nodemailer from 'nodemailer';

/**
 * E-mail, only when the site is given an SMTP server: `DELTALAB_SMTP_URL`
 * (smtp://user:pass@host:587, smtps://… for TLS from the start) and optionally
 * `DELTALAB_SMTP_FROM` (the From address). Without it the site sends nothing and password reset
 * links are handed to course staff to pass on (lib/auth/reset-links.ts).
 */
export function smtpConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.DELTALAB_SMTP_URL?.trim());
}

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export async function sendMail(mail: Mail, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const url = env.DELTALAB_SMTP_URL?.trim();
  if (!url) throw new Error('DELTALAB_SMTP_URL is not set');
  const transport = nodemailer.createTransport(url);
  try {
    const from = env.DELTALAB_SMTP_FROM?.trim() || `deltalab <no-reply@${new URL(url).hostname || 'localhost'}>`;
    await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
  } finally {
    transport.close();
  }
}
