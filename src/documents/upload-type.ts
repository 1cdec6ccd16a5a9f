import type { NextFunction, Request, Response } from 'express';
import { DOCUMENT_TYPES } from './file-type';

/** What an upload may be declared as: an accepted type (the content decides which), a plain byte stream, or nothing. */
const DECLARABLE = new Set<string>([...DOCUMENT_TYPES.map((t) => t.contentType), 'application/octet-stream']);

/**
 * Runs before any body parser on POST /documents: an upload declared as something else (JSON, a form,
 * text) is refused with the API's own 415, unread, so no parser gets to quote the body back.
 */
export function uploadTypeGate(req: Request, res: Response, next: NextFunction): void {
  const declared = req.headers['content-type'];
  if (req.method !== 'POST' || declared === undefined) return next();
  const type = declared.split(';')[0]!.trim().toLowerCase();
  if (DECLARABLE.has(type)) return next();
  req.resume();
  const message =
    'an upload is the file itself, sent as application/pdf, image/png, image/jpeg or application/octet-stream; this one was declared as something else (上传内容须为文件本身,类型为 PDF、PNG、JPEG 或 application/octet-stream)';
  res.status(415).setHeader('connection', 'close').json({
    statusCode: 415,
    error: 'Unsupported Media Type',
    message,
    field: 'Content-Type',
    zh: '上传内容须为文件本身(PDF、PNG 或 JPEG),不能是 JSON、表单或文本',
  });
}
