import { Controller, Delete, Get, Headers, HttpCode, Logger, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { CurrentUser, Roles } from '../common/decorators';
import type { Principal } from '../domain/access';
import { RateLimited } from '../common/rate-limit';
import { jsonSchemaOf } from '../common/zod';
import { DocumentParamsDto, DocumentSchema, UploadDocumentQueryDto, type DocumentDto } from './document.dto';
import { DocumentService } from './document.service';
import { contentDisposition, DOCUMENT_TYPES } from './file-type';
import { refusedUploadType } from './upload-type';
import { ApiErrors } from '../common/openapi';

const TYPES = DOCUMENT_TYPES.map((t) => t.contentType);

/** Whether a failed download failed because the client went away before the last byte. */
const clientClosed = (res: Response, err: unknown): boolean => {
  const code = (err as { code?: string } | null)?.code;
  return !res.writableFinished && (res.destroyed || code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET' || code === 'EPIPE');
};

@ApiTags('documents')
@ApiBearerAuth()
@Controller('documents')
export class DocumentController {
  private readonly logger = new Logger('Documents');

  constructor(private readonly service: DocumentService) {}

  @Post()
  @Roles('applicant')
  @RateLimited('upload')
  @ApiOperation({
    summary:
      'Upload an evidence file (the body is the file itself): PDF, PNG or JPEG, judged by its content; at most DOCUMENT_MAX_BYTES. Put the returned id in the form’s document field.',
  })
  @ApiConsumes(...TYPES, 'application/octet-stream')
  @ApiQuery({ name: 'name', required: false, description: 'the file name to show; its extension follows the content' })
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ schema: jsonSchemaOf(DocumentSchema, 'output') })
  upload(
    @CurrentUser() user: Principal,
    @Query() q: UploadDocumentQueryDto,
    @Headers('content-length') length: string | undefined,
    @Req() req: Request,
  ): Promise<DocumentDto> {
    const refused = refusedUploadType(req);
    if (refused) return Promise.reject(refused);
    const declared = length !== undefined && /^\d+$/.test(length) ? Number(length) : null;
    return this.service.upload(user, req, declared, q.name);
  }

  @Get(':id')
  @ApiParam({ name: 'id' })
  @ApiOperation({ summary: 'The file: for its organisation’s applicants and the officers of the bureaus reviewing a case that names it' })
  @ApiOkResponse({
    description: 'the file’s bytes, with its type',
    content: Object.fromEntries(TYPES.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])),
  })
  async read(@CurrentUser() user: Principal, @Param() p: DocumentParamsDto, @Res() res: Response): Promise<void> {
    const { document, content } = await this.service.open(user, p.id);
    res.status(200);
    res.setHeader('Content-Type', document.contentType);
    res.setHeader('Content-Length', String(document.sizeBytes));
    res.setHeader('Content-Disposition', contentDisposition(document.name, document.contentType));
    // Even opened directly, an uploaded file runs no script and reaches no cookie or storage of the service.
    res.setHeader('Content-Security-Policy', "sandbox; default-src 'none'");
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    try {
      await pipeline(content, res);
    } catch (err) {
      // A reader who closed the connection (a cancelled download, a page left) is no fault of the service:
      // one quiet line, not an error with its stack. Anything else still fails loudly.
      if (!clientClosed(res, err)) throw err;
      this.logger.debug(`download of document ${p.id} ended by the client after ${res.socket?.bytesWritten ?? 0} bytes`);
    }
  }

  @Delete(':id')
  @ApiErrors({ 409: 'a submitted application names the document (in its form or an answer), so it is kept' })
  @Roles('applicant')
  @HttpCode(204)
  @ApiParam({ name: 'id' })
  @ApiOperation({ summary: 'Delete an uploaded document that no submitted application names (409 when one does)' })
  @ApiNoContentResponse()
  async remove(@CurrentUser() user: Principal, @Param() p: DocumentParamsDto): Promise<void> {
    await this.service.remove(user, p.id);
  }
}
