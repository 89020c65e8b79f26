/**
 * A real SMTP server (npm `smtp-server`) on 127.0.0.1:0 for the e-mail connector tests, with
 * switchable faults: reject RCPT with a reply code, or destroy the connection once the message
 * data has been received (before answering it). Plus a TCP listener that accepts and never greets.
 */
import net from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The raw message as received (headers and MIME body). */
  raw: string;
  user: unknown;
}

export type SmtpFault =
  | { kind: 'none' }
  /** Answer RCPT TO with this code (e.g. 550, 451). */
  | { kind: 'reject-rcpt'; code: number; message: string }
  /** Read the whole message, then destroy the connection without answering. */
  | { kind: 'drop-after-data' };

export interface SmtpPeer {
  port: number;
  received: ReceivedMail[];
  /** Messages whose data was read but never answered (drop-after-data). */
  dropped: ReceivedMail[];
  fault: SmtpFault;
  close(): Promise<void>;
}

export async function startSmtpPeer(options: { auth?: { user: string; pass: string } } = {}): Promise<SmtpPeer> {
  const sockets = new Map<number, net.Socket>();
  const peer: SmtpPeer = {
    port: 0,
    received: [],
    dropped: [],
    fault: { kind: 'none' },
    close: async () => {},
  };
  const server = new SMTPServer({
    secure: false,
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !options.auth,
    authMethods: ['PLAIN', 'LOGIN'],
    // Plain-text AUTH is allowed on loopback only for the test.
    allowInsecureAuth: true,
    logger: false,
    disableReverseLookup: true,
    onAuth(auth, _session, callback) {
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) {
        callback(null, { user: auth.username });
        return;
      }
      const err = Object.assign(new Error('Invalid username or password'), { responseCode: 535 });
      callback(err);
    },
    onRcptTo(_address, _session, callback) {
      const fault = peer.fault;
      if (fault.kind === 'reject-rcpt') {
        callback(Object.assign(new Error(fault.message), { responseCode: fault.code }));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const mail: ReceivedMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          user: session.user,
        };
        if (peer.fault.kind === 'drop-after-data') {
          peer.dropped.push(mail);
          sockets.get(session.remotePort)?.destroy();
          return;
        }
        peer.received.push(mail);
        callback(null, 'Queued as test');
      });
    },
  });
  server.server.on('connection', (socket: net.Socket) => {
    const port = socket.remotePort;
    if (port !== undefined) {
      sockets.set(port, socket);
      socket.once('close', () => sockets.delete(port));
    }
  });
  server.on('error', () => {
    // A destroyed socket can surface as a server error; the tests look at the client's outcome.
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('smtp peer: no port');
  peer.port = address.port;
  peer.close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets.values()) socket.destroy();
      server.close(() => resolve());
    });
  return peer;
}

/** A TCP listener that accepts connections and never sends the SMTP greeting. */
export async function startSilentPeer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('silent peer: no port');
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('closedPort: no port');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return address.port;
}

/** The MIME parts of a raw message (one level of multipart nesting is followed recursively). */
export interface MimePart {
  headers: string;
  body: string;
}

/** Splits a multipart message into its leaf parts (enough for the messages nodemailer builds). */
export function mimeLeafParts(raw: string): MimePart[] {
  const split = raw.indexOf('\r\n\r\n');
  const headers = split === -1 ? raw : raw.slice(0, split);
  const body = split === -1 ? '' : raw.slice(split + 4);
  const unfolded = headers.replace(/\r\n[ \t]+/g, ' ');
  const boundary = /content-type:\s*multipart\/[^;\r\n]+;[^\r\n]*boundary="?([^";\r\n]+)"?/i.exec(unfolded)?.[1];
  if (!boundary) return [{ headers: unfolded, body }];
  const parts: MimePart[] = [];
  const sections = body.split(`--${boundary}`);
  // sections[0] is the preamble; the last one starts with "--" (the closing delimiter).
  for (const section of sections.slice(1)) {
    if (section.startsWith('--')) break;
    parts.push(...mimeLeafParts(section.replace(/^\r\n/, '').replace(/\r\n$/, '')));
  }
  return parts;
}

/** Decodes a leaf part's body by its Content-Transfer-Encoding (base64, quoted-printable, 7bit/8bit). */
export function decodePart(part: MimePart): Buffer {
  const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(part.headers)?.[1]?.toLowerCase() ?? '7bit';
  if (encoding === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64');
  if (encoding === 'quoted-printable') {
    const soft = part.body.replace(/=\r\n/g, '');
    const bytes: number[] = [];
    for (let i = 0; i < soft.length; i++) {
      const c = soft[i];
      if (c === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
        bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.push(...Buffer.from(c ?? '', 'utf8'));
      }
    }
    return Buffer.from(bytes);
  }
  return Buffer.from(part.body, 'utf8');
}
