import type { NextFunction, Request, Response } from 'express';
import { UnsupportedMediaTypeError, sayIt } from '../domain/errors';
import { DOCUMENT_TYPES } from './file-type';
import { DOCUMENT_SENTENCES } from '../domain/words/documents';

/** What an upload may be declared as: an accepted type (the content decides which), a plain byte stream, or nothing. */
const DECLARABLE = new Set<string>([...DOCUMENT_TYPES.map((t) => t.contentType), 'application/octet-stream']);

const REFUSED = Symbol('uploadTypeRefused');
type Marked = Request & { [REFUSED]?: true };

/**
 * Runs before any body parser on POST /documents: an upload declared as something else (JSON, a form,
 * text) is marked and left unread, so no parser gets to quote it back; the controller then answers
 * the API's own 415, after authentication (an anonymous caller still gets its 401).
 */
export function uploadTypeGate(req: Request, _res: Response, next: NextFunction): void {
  const declared = req.headers['content-type'];
  if (req.method !== 'POST' || declared === undefined) return next();
  if (DECLARABLE.has(declared.split(';')[0]!.trim().toLowerCase())) return next();
  (req as Marked)[REFUSED] = true;
  // No parser takes a byte stream: the body stays unread, and the controller refuses it (the mark says why).
  req.headers['content-type'] = 'application/octet-stream';
  next();
}

/** The 415 for an upload the gate marked, or null. */
export function refusedUploadType(req: Request): UnsupportedMediaTypeError | null {
  if (!(req as Marked)[REFUSED]) return null;
  return sayIt(UnsupportedMediaTypeError, 'Content-Type', DOCUMENT_SENTENCES.declaredOtherwise());
}
