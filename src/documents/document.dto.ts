import { z } from 'zod';
import { idText } from '../common/text';
import { zodDto } from '../common/zod';
import { DOCUMENT_TYPES } from './file-type';
import { bilingual, REQUEST_SENTENCES as S } from '../domain/words/validation';

export const DocumentIdSchema = z.string({ error: 'id is required' }).regex(/^[A-Za-z0-9_-]{1,200}$/, { error: bilingual(S.documentId) });

export const DocumentParamsSchema = z.object({ id: DocumentIdSchema }).strict();
export class DocumentParamsDto extends zodDto(DocumentParamsSchema) {}

export const UploadDocumentQuerySchema = z
  .object({
    name: idText('name', 500).optional().describe('the file name to show and to send back in Content-Disposition; the extension follows the content'),
  })
  .strict();
export class UploadDocumentQueryDto extends zodDto(UploadDocumentQuerySchema) {}

export const DocumentSchema = z.object({
  id: z.string(),
  name: z.string(),
  contentType: z.enum(DOCUMENT_TYPES.map((t) => t.contentType) as [string, ...string[]]),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  createdAt: z.string(),
});
export type DocumentDto = z.infer<typeof DocumentSchema>;

/** A case's document as its officers' task page lists it: the form field that names it. */
export const CaseDocumentSchema = DocumentSchema.omit({ sha256: true }).extend({ field: z.string() });
export type CaseDocumentDto = z.infer<typeof CaseDocumentSchema>;
