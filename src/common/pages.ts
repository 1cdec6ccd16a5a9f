import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { existsSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';

/** Hashed names change with every build, so an asset never changes under its name. */
export const ASSET_CACHE = 'public, max-age=31536000, immutable';
/** index.html names the current assets: a browser must ask again each time (a 304 when unchanged). */
export const INDEX_CACHE = 'no-cache';
/** The favicon keeps its name across builds: a day, then asked again. */
export const FAVICON_CACHE = 'public, max-age=86400';

/**
 * The pages' Content-Security-Policy: scripts only from here (no inline script), no plugins, no
 * framing, and connections to the API and to `connectOrigins` (the OpenID provider the pages sign in
 * at). Styles allow 'unsafe-inline': Ant Design writes its styles into <style> elements at run time,
 * and a nonce would mean rendering index.html per response. Scripts allow 'unsafe-eval' for one
 * reason: ajv (the form validator, @rjsf/validator-ajv8) compiles each catalog schema into a function;
 * an interpreting validator would let it go. Inline and foreign scripts stay refused either way.
 */
export function pagesPolicy(connectOrigins: string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    `connect-src ${["'self'", ...connectOrigins].join(' ')}`,
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
}

/** The encodings the build writes beside each file (web/vite.config.mts), best first. */
const ENCODINGS = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const;

/**
 * Sends `file` as the smallest precompressed copy the browser accepts (the build writes `.br` and
 * `.gz` beside it), else as it is. The content type is the original file's; caches keep one copy per encoding.
 */
function sendBest(req: Request, res: Response, next: NextFunction, file: string, cacheControl: string): void {
  // Ours is the order: brotli whenever the browser takes it (browsers list gzip first at equal weight).
  const variant = ENCODINGS.find((e) => req.acceptsEncodings(e.encoding) === e.encoding && existsSync(file + e.suffix));
  res.setHeader('vary', 'accept-encoding');
  res.setHeader('cache-control', cacheControl);
  res.type(extname(file));
  if (variant) res.setHeader('content-encoding', variant.encoding);
  res.sendFile(variant ? file + variant.suffix : file, { cacheControl: false }, (err?: Error) => {
    if (err && !res.headersSent) next(err);
  });
}

/** A file under `dir` named by a request path, or null when the path leaves `dir` or names nothing. */
function fileUnder(dir: string, path: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return null;
  }
  const file = resolve(dir, `.${decoded}`);
  return file.startsWith(dir + sep) && existsSync(file) && !ENCODINGS.some((e) => file.endsWith(e.suffix)) ? file : null;
}

/**
 * The built pages (`dist`, web/dist from `npm run build`) at `/`: hashed assets compressed and cached
 * for a year, index.html for the pages' own routes (`pageRoute`) revalidated every time, the favicon,
 * and `webConfig` (what the browser needs to know of the deployment). index.html carries
 * `contentSecurityPolicy`. Without a build, nothing.
 */
export function servePages(
  app: { use(path: string | RequestHandler, handler?: RequestHandler): unknown },
  dist: string,
  pageRoute: RegExp,
  webConfig: object,
  contentSecurityPolicy: string,
): void {
  const index = join(dist, 'index.html');
  if (!existsSync(index)) return;
  const assets = resolve(dist, 'assets');
  app.use('/web-config.json', (_req: Request, res: Response) => res.json(webConfig));
  app.use('/favicon.svg', (req: Request, res: Response, next: NextFunction) => sendBest(req, res, next, join(dist, 'favicon.svg'), FAVICON_CACHE));
  app.use('/assets', (req: Request, res: Response, next: NextFunction) => {
    const file = req.method === 'GET' || req.method === 'HEAD' ? fileUnder(assets, req.path) : null;
    if (!file) return next();
    sendBest(req, res, next, file, ASSET_CACHE);
  });
  // An asset of an older build (hashed names change each build) is gone, not an error of ours.
  app.use('/assets', (req: Request, res: Response) => res.status(404).json({ statusCode: 404, error: 'Not Found', message: `no asset ${req.path}` }));
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || !pageRoute.test(req.path)) return next();
    res.setHeader('content-security-policy', contentSecurityPolicy);
    sendBest(req, res, next, index, INDEX_CACHE);
  });
}
