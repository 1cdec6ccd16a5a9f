import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { textProblem } from '../domain/text';
import { BODY_SENTENCES as B } from '../domain/words/validation';
import type { LocalizedText } from '../domain/pack/schema';

export interface JsonBodyLimits {
  /** Larger bodies are refused with 413 before they are read to the end. */
  maxBytes: number;
  /** A body that has not fully arrived by then is cut off with 408 (a slow trickle holds a connection). */
  timeoutMs: number;
  /** Objects and arrays nested deeper than this are refused. */
  maxDepth: number;
}

interface Issue {
  path: string;
  message: string;
  zh: string;
}

/** Keys that mean something to JavaScript objects; no request field has these names. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Walks JSON text that JSON.parse has accepted, for what JSON.parse lets through: a key given twice
 * (JSON.parse keeps the last, silently), prototype keys, nesting deeper than `maxDepth`, and text
 * that could not be stored (src/domain/text.ts), in keys and values alike. Returns the first issue.
 */
export function scanJson(t: string, maxDepth: number): Issue | null {
  let i = 0;
  const where = (path: string[]): string => (path.length === 0 ? '(body)' : path.join('.'));
  const issue = (path: string[], words: LocalizedText): Issue => ({ path: where(path), message: words.en, zh: words.zh });
  const ws = (): void => {
    while (i < t.length && (t[i] === ' ' || t[i] === '\t' || t[i] === '\n' || t[i] === '\r')) i++;
  };
  const str = (): string => {
    const start = i++;
    while (t[i] !== '"') i += t[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(t.slice(start, i)) as string;
  };
  const value = (path: string[], depth: number): Issue | null => {
    ws();
    const c = t[i];
    if (c === '{' || c === '[') {
      if (depth >= maxDepth) return issue(path, B.tooDeep(maxDepth));
      i++;
      ws();
      const close = c === '{' ? '}' : ']';
      if (t[i] === close) return (i++, null);
      const keys = new Set<string>();
      for (let n = 0; ; n++) {
        let p = [...path, String(n)];
        if (c === '{') {
          ws();
          const k = str();
          p = [...path, k];
          if (keys.has(k)) return issue(p, B.keyTwice(k));
          if (FORBIDDEN_KEYS.has(k)) return issue(p, B.forbiddenKey(k));
          const bad = textProblem(k);
          if (bad) return issue(path, B.unstorableKey(bad));
          keys.add(k);
          ws();
          i++; // ':'
        }
        const r = value(p, depth + 1);
        if (r) return r;
        ws();
        if (t[i++] === ',') continue;
        return null;
      }
    }
    if (c === '"') {
      const bad = textProblem(str(), true);
      return bad ? issue(path, B.unstorable(path.at(-1) ?? 'the body', bad)) : null;
    }
    while (i < t.length && !',]}'.includes(t[i]!) && t[i] !== ' ' && t[i] !== '\n' && t[i] !== '\r' && t[i] !== '\t') i++;
    return null;
  };
  return value([], 0);
}

const REASON: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 413: 'Payload Too Large', 415: 'Unsupported Media Type' };

function refuse(res: Response, status: number, words: LocalizedText, field = '(body)', close = false): void {
  if (res.headersSent) return;
  if (close) res.setHeader('connection', 'close');
  const { en: message, zh } = words;
  res.status(status).json({ statusCode: status, error: REASON[status], message, zh, field, issues: [{ path: field, message, zh }] });
}

const hasBody = (req: Request): boolean =>
  req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');

const isJson = (req: Request): boolean => {
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  const [media, ...params] = type.split(';').map((s) => s.trim());
  return media === 'application/json' && params.every((p) => p === '' || p === 'charset=utf-8');
};

/**
 * The one body parser: JSON only (415 otherwise), UTF-8 only, at most `maxBytes` (413), complete within
 * `timeoutMs` (408), and nothing JSON.parse would accept silently (see scanJson). Requests without a
 * body pass with `req.body` undefined. Replaces Express's parsers (they skip a request marked `_body`).
 */
export function jsonBodyParser(limits: JsonBodyLimits): RequestHandler {
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!hasBody(req)) return next();
    if (!isJson(req)) {
      req.resume();
      return refuse(res, 415, B.notJsonType);
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limits.maxBytes) {
      return refuse(res, 413, B.tooLarge(limits.maxBytes), '(body)', true);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (fn: () => void): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.removeAllListeners('data');
      fn();
    };
    const timer = setTimeout(
      () =>
        finish(() => {
          refuse(res, 408, B.tooSlow(limits.timeoutMs), '(body)', true);
          res.once('finish', () => req.destroy());
        }),
      limits.timeoutMs,
    );
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxBytes) {
        return finish(() => {
          refuse(res, 413, B.tooLarge(limits.maxBytes), '(body)', true);
          res.once('finish', () => req.destroy());
        });
      }
      chunks.push(chunk);
    });
    req.on('error', (err) => finish(() => next(err)));
    req.on('end', () =>
      finish(() => {
        let text: string;
        try {
          text = utf8.decode(Buffer.concat(chunks));
        } catch {
          return refuse(res, 400, B.notUtf8);
        }
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch (e) {
          // Where, not what: V8's message may quote the body back.
          const at = /position (\d+)/.exec((e as Error).message)?.[1];
          return refuse(res, 400, B.notJson(at));
        }
        const found = scanJson(text, limits.maxDepth);
        if (found) return refuse(res, 400, { en: `${found.path}: ${found.message}`, zh: found.zh }, found.path);
        (req as Request & { _body?: boolean })._body = true;
        req.body = parsed;
        next();
      }),
    );
  };
}
