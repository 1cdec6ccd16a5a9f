/** The kinds of evidence file accepted, told apart by their first bytes, never by name or claimed type. */
export const DOCUMENT_TYPES = [
  { contentType: 'application/pdf', extension: 'pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { contentType: 'image/png', extension: 'png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { contentType: 'image/jpeg', extension: 'jpg', magic: [0xff, 0xd8, 0xff] },
] as const;

export type DocumentType = (typeof DOCUMENT_TYPES)[number];
export type DocumentContentType = DocumentType['contentType'];

/** Bytes needed to recognise any accepted type. */
export const SNIFF_BYTES = Math.max(...DOCUMENT_TYPES.map((t) => t.magic.length));

export function sniffDocumentType(head: Uint8Array): DocumentType | null {
  return DOCUMENT_TYPES.find((t) => t.magic.length <= head.length && t.magic.every((b, i) => head[i] === b)) ?? null;
}

/**
 * A file name safe to store and to send back in Content-Disposition: no folders, no control
 * characters, at most 200 characters; the extension follows the sniffed type, not the one given.
 */
export function documentFileName(given: string | undefined, type: DocumentType): string {
  const base = (given ?? '')
    .split(/[\\/]/)
    .pop()!
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    .trim()
    .replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .slice(0, 190);
  return `${base || 'document'}.${type.extension}`;
}

/**
 * RFC 6266: an ASCII fallback and the UTF-8 name, so Chinese file names survive. Images are shown
 * inline; anything else (a PDF, which can carry scripts and forms) is downloaded, never rendered
 * in the service's origin.
 */
export function contentDisposition(name: string, contentType: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${contentType.startsWith('image/') ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
