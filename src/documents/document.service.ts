import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { CLOCK, type Clock } from '../common/clock';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  TooManyRequestsError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../domain/errors';
import { actorOf } from '../common/updates';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { DocumentRepository, type DocumentRow, type UploadUsage } from '../database/document.repository';
import { canReadDocument, type Principal } from '../domain/access';
import { DOCUMENT_STORE, TooLargeError, type DocumentStore } from './document-store';
import type { DocumentDto } from './document.dto';
import { documentFileName, sniffDocumentType } from './file-type';
import { REQUEST_SENTENCES as S } from '../domain/words/validation';

/** 20971520 → "20 MiB", 4096 → "4 KiB": the limit as a person reads it. */
export function formatBytes(bytes: number): string {
  const [unit, size] = bytes >= 1024 * 1024 ? ['MiB', 1024 * 1024] : bytes >= 1024 ? ['KiB', 1024] : ['bytes', 1];
  return `${Number((bytes / size).toFixed(1))} ${unit}`;
}

export const toDocumentDto = (d: DocumentRow): DocumentDto => ({
  id: d.id,
  name: d.name,
  contentType: d.contentType,
  sizeBytes: d.sizeBytes,
  sha256: d.sha256,
  createdAt: d.createdAt.toISOString(),
});

@Injectable()
export class DocumentService {
  private readonly maxBytes: number;
  private readonly unreferencedHours: number;
  private readonly quota: AppConfig['documents']['quota'];

  constructor(
    private readonly documents: DocumentRepository,
    @Inject(DOCUMENT_STORE) private readonly store: DocumentStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.maxBytes = config.documents.maxBytes;
    this.unreferencedHours = config.documents.unreferencedHours;
    this.quota = config.documents.quota;
  }

  /** Reads the upload, keeps it under its sha-256 when its content is a PDF, PNG or JPEG, and records who sent it. */
  async upload(user: Principal, body: Readable, declaredLength: number | null, givenName: string | undefined): Promise<DocumentDto> {
    if (user.role !== 'applicant' || !user.organisationId)
      throw new ForbiddenError(null, 'only applicants of an organisation upload documents (只有申报单位的用户可以上传文件)', {
        zh: '只有申报单位的用户可以上传文件',
      });
    if (declaredLength !== null && declaredLength > this.maxBytes) throw this.tooLarge();
    // Refused before the body is read when the declared size (or nothing at all) no longer fits; checked
    // again, exactly and under a lock, when the upload is recorded.
    const early = this.overQuota(await this.documents.usage(user.organisationId, this.clock.now()), declaredLength ?? 1);
    if (early) throw early;
    let staged;
    try {
      staged = await this.store.stage(body, this.maxBytes);
    } catch (err) {
      if (err instanceof TooLargeError) throw this.tooLarge();
      throw err;
    }
    const type = sniffDocumentType(staged.head);
    if (staged.sizeBytes === 0 || !type) {
      await staged.discard();
      if (staged.sizeBytes === 0) throw new ValidationError([{ path: '(body)', message: S.emptyUpload.en, zh: S.emptyUpload.zh }]);
      throw new UnsupportedMediaTypeError(
        '(body)',
        'the file is not a PDF, PNG or JPEG (judged by its content, not its name) (文件不是 PDF、PNG 或 JPEG,以内容判断,而非文件名)',
        {
          zh: '文件不是 PDF、PNG 或 JPEG(以文件内容判断,而非文件名或声明的类型)',
        },
      );
    }
    const row = await this.documents
      .create(
        {
          organisationId: user.organisationId,
          id: randomUUID(),
          uploadedById: user.userId,
          name: documentFileName(givenName, type),
          contentType: type.contentType,
          sizeBytes: staged.sizeBytes,
          sha256: staged.sha256,
          createdAt: this.clock.now(),
        },
        () => staged.commit(),
        (usage) => this.overQuota(usage, staged.sizeBytes),
      )
      .catch(async (err: unknown) => {
        // Refused (a quota) or not recorded: the staged bytes go (a commit that failed discarded its own).
        await staged.discard();
        throw err;
      });
    return toDocumentDto(row);
  }

  /** The document and its bytes, for its organisation's applicants and the bureaus reviewing a case naming it; anyone else gets a 404. */
  async open(user: Principal, id: string): Promise<{ document: DocumentDto; content: Readable }> {
    const actor = actorOf(user);
    const doc = (await this.documents.withReaders(id)).find((d) => canReadDocument(actor, d));
    if (!doc) throw notFound(id);
    const content = await this.store.open(doc.sha256);
    if (!content) throw new Error(`document ${doc.id}: blob ${doc.sha256} is missing from the document store`);
    return { document: toDocumentDto(doc), content };
  }

  /** An applicant takes back a document no submitted case names, and its bytes go with it; a named one is kept for good. */
  async remove(user: Principal, id: string): Promise<void> {
    if (user.role !== 'applicant' || !user.organisationId) throw notFound(id);
    const r = await this.documents.deleteUnreferenced(user.organisationId, id, (sha) => this.store.remove(sha));
    if (r === 'missing') throw notFound(id);
    if (r === 'referenced') {
      throw new ConflictError('id', `document ${id} is named by a submitted application and is kept (已提交的申请引用了该文件,不能删除)`, {
        reason: 'DocumentReferenced',
        zh: '已提交的申请引用了该文件,不能删除',
      });
    }
  }

  /**
   * Deletes uploads no case names that are older than the configured hours (DOCUMENT_UNREFERENCED_HOURS),
   * with their bytes; returns how many went. Safe on several instances at once: each deletion is its own
   * locked transaction, and one already gone counts as missing.
   */
  async sweepUnreferenced(now: Date = this.clock.now()): Promise<number> {
    const before = new Date(now.getTime() - this.unreferencedHours * 3_600_000);
    let deleted = 0;
    for (;;) {
      const batch = await this.documents.unreferencedBefore(before, 100);
      let progress = 0;
      for (const d of batch) {
        if ((await this.documents.deleteUnreferenced(d.organisationId, d.id, (sha) => this.store.remove(sha))) === 'deleted') progress++;
      }
      deleted += progress;
      if (batch.length < 100 || progress === 0) return deleted;
    }
  }

  /** The limit an upload of `bytes` more would pass, named in both languages; null when it fits. */
  private overQuota(usage: UploadUsage, bytes: number): DomainError | null {
    const { bytesPerDay, totalBytes } = this.quota;
    if (usage.totalBytes + bytes > totalBytes)
      return new PayloadTooLargeError(
        '(body)',
        `your organisation's documents would pass its storage quota of ${formatBytes(totalBytes)} (${formatBytes(usage.totalBytes)} kept); delete documents no application needs, or ask the administrator (贵单位文件存储将超过 ${formatBytes(totalBytes)} 的限额)`,
        {
          zh: `贵单位文件存储将超过 ${formatBytes(totalBytes)} 的限额(已用 ${formatBytes(usage.totalBytes)}),请删除不再需要的文件或联系管理员`,
          limit: 'UPLOAD_QUOTA_BYTES_PER_ORG',
          limitBytes: totalBytes,
        },
      );
    if (usage.bytesToday + bytes > bytesPerDay)
      return new TooManyRequestsError(
        '(body)',
        `your organisation has uploaded ${formatBytes(usage.bytesToday)} in the last 24 hours; at most ${formatBytes(bytesPerDay)} a day (贵单位 24 小时内上传已达 ${formatBytes(bytesPerDay)} 上限)`,
        {
          zh: `贵单位 24 小时内已上传 ${formatBytes(usage.bytesToday)},每日上限 ${formatBytes(bytesPerDay)},请明天再试`,
          limit: 'UPLOAD_BYTES_PER_ORG_PER_DAY',
          limitBytes: bytesPerDay,
        },
      );
    return null;
  }

  private tooLarge(): PayloadTooLargeError {
    return new PayloadTooLargeError('(body)', `the file is larger than ${formatBytes(this.maxBytes)} (文件超过 ${formatBytes(this.maxBytes)})`, {
      zh: `文件超过 ${formatBytes(this.maxBytes)}`,
      maxBytes: this.maxBytes,
    });
  }
}

const notFound = (id: string): NotFoundError => new NotFoundError('id', `no document ${id} (未找到文件 ${id})`, { zh: `未找到文件 ${id}` });
