import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  messageId: string | null;
  to: string[];
  subject: string | null;
  raw: string;
}

/**
 * A real SMTP server in the test process. A message counts as delivered only once the server has
 * answered its DATA with 250 on a connection still open, as for any MTA. `holdNext()` makes the next
 * DATA wait for `release()`, so a test can kill the sender midway.
 */
export class TestSmtpServer {
  readonly delivered: ReceivedMail[] = [];
  /** DATA phases that began, delivered or not. */
  readonly attempts: ReceivedMail[] = [];
  private hold: { waiting: (() => void) | null; started: Promise<void>; markStarted: () => void } | null = null;
  private readonly closed = new Set<string>();
  private server: SMTPServer;
  port = 0;

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onClose: (session) => this.closed.add(session.id),
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const mail = parse(Buffer.concat(chunks).toString('utf8'), session);
          this.attempts.push(mail);
          const accept = (): void => {
            // A sender that went away never got the 250: nothing was accepted.
            if (this.closed.has(session.id)) return;
            this.delivered.push(mail);
            callback();
          };
          const h = this.hold;
          if (h && h.waiting === null) {
            h.waiting = accept;
            h.markStarted();
          } else accept();
        });
      },
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.server.address() as AddressInfo).port;
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** The next DATA waits; resolves when it has arrived whole and waits for its reply. */
  holdNext(): Promise<void> {
    let markStarted = (): void => undefined;
    const started = new Promise<void>((resolve) => (markStarted = resolve));
    this.hold = { waiting: null, started, markStarted };
    return started;
  }

  /** Answers the held DATA (if its sender is still there) and stops holding. */
  release(): void {
    const h = this.hold;
    this.hold = null;
    h?.waiting?.();
  }

  async stop(): Promise<void> {
    this.release();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function parse(raw: string, session: SMTPServerSession): ReceivedMail {
  const header = (name: string): string | null => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(raw.split(/\r?\n\r?\n/)[0] ?? '')?.[1]?.trim() ?? null;
  return { messageId: header('Message-ID'), to: session.envelope.rcptTo.map((r) => r.address), subject: header('Subject'), raw };
}
