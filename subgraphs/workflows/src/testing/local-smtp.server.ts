import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { listen } from '@salesgraph/http';
import type { Server } from 'node:http';

export interface LocalSmtp {
  /** smtp://127.0.0.1:<port> */
  readonly url: string;
  /** Every message received, parsed (subject and text decoded), with its envelope recipients. */
  readonly messages: readonly (ParsedMail & { readonly envelopeTo: readonly string[] })[];
  close(): Promise<void>;
}

/** A real SMTP server (the smtp-server package) in the test process, keeping what arrives. */
export async function startLocalSmtp(): Promise<LocalSmtp> {
  const messages: (ParsedMail & { envelopeTo: string[] })[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          messages.push(Object.assign(mail, { envelopeTo: session.envelope.rcptTo.map((to) => to.address) }));
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  const port = await listen(server.server as Server, 0, '127.0.0.1');
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
