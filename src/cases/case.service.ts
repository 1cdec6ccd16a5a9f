import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client } from '@temporalio/client';
import {
  documentReferences,
  findSubtype,
  intakeStatus,
  localDate,
  lookupSubtype,
  NoRuleVersionError,
  packVersionAt,
  validateApplicationForm,
  type PackRules,
  type PolicyPack,
} from '../domain';
import { ConflictError, ForbiddenError, NotFoundError, UnavailableError, UnprocessableError, ValidationError, sayIt } from '../domain/errors';
import { CaseRepository, type CaseScopeFilter, type CaseSortKey, type CaseViewRecord, type KeyedCase } from '../database/case.repository';
import { AuditRepository } from '../database/audit.repository';
import { DocumentRepository } from '../database/document.repository';
import { IdentityCache } from '../database/identity-cache';
import { PackRepository } from '../database/pack.repository';
import { canReadCase, isApplicantOf, mayApplyUnder, type Principal } from '../domain/access';
import { check } from '../domain/case/machine';
import { TASK_QUEUE, TEMPORAL_CLIENT } from '../temporal/temporal.module';
import {
  answerInformationUpdate,
  withdrawUpdate,
  type AnswerInformationResult,
  type CaseWorkflowInput,
  type WithdrawResult,
} from '../../workflows/case.messages';
import type { caseWorkflow } from '../../workflows/case.workflow';
import { canonicalJson } from '../domain/canonical-json';
import { caseStartOptions, caseWorkflowInput, fileCase } from './filing';
import { CLOCK, type Clock } from '../common/clock';
import { actorOf, refusalError, refusalToHttp } from '../common/updates';
import type { AnswerInformationDto, CaseDto, ListCasesDto, SubmitApplicationDto } from './case.dto';
import { answerDocumentIds, toCaseDto } from './case.mapper';
import { eventWords } from '../domain/words';
import { API_SENTENCES, SUBMISSION_SENTENCES } from '../domain/words/api';
import { caseNames, type CaseNames } from '../domain/words/case-names';

@Injectable()
export class CaseService {
  private readonly logger = new Logger('Cases');

  constructor(
    private readonly cases: CaseRepository,
    private readonly policy: PackRepository,
    private readonly documents: DocumentRepository,
    private readonly audit: AuditRepository,
    private readonly identities: IdentityCache,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(TASK_QUEUE) private readonly taskQueue: string,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async submit(user: Principal, dto: SubmitApplicationDto, idempotencyKey: string | undefined): Promise<{ created: boolean; case: CaseDto }> {
    if (user.role !== 'applicant' || !user.organisationId) throw new ForbiddenError(null, 'only applicants of an organisation submit applications');
    const packId = dto.packId;
    // The request as sent, so a retry is recognised without validating it again: after intake closed
    // or the pack's form changed, a repeated request still gets its first case.
    const requestHash = createHash('sha256')
      .update(canonicalJson({ packId, measureCode: dto.measureCode, subtypeCode: dto.subtypeCode, form: dto.form }))
      .digest('hex');
    const existing = idempotencyKey ? await this.cases.byIdempotencyKey(user.organisationId, idempotencyKey) : null;
    if (existing) return { created: false, case: await this.replay(user, existing, requestHash) };

    const { pack, intakeOpen } = await this.policy.pack(packId);
    // An organisation applies under its own city's policies only (src/domain/access.ts mayApplyUnder).
    if (!mayApplyUnder(actorOf(user), { jurisdictionId: pack.jurisdiction.code })) {
      const w = API_SENTENCES.otherJurisdiction(pack.title, pack.jurisdiction.name);
      throw new UnprocessableError('packId', w.en, { zh: w.zh, reason: 'OtherJurisdiction' });
    }
    const receivedAt = this.clock.now();
    if (!intakeOpen) throw await this.intakeClosed(pack, receivedAt, receivedAt.getTime() < Date.parse(pack.validity.from) ? 'before' : 'after');
    let rules: PackRules;
    try {
      rules = packVersionAt(pack, receivedAt);
    } catch (err) {
      // The durable intake clock flips `intakeOpen` a moment after the window's edge, so a request in
      // between finds no version: that is closed intake, not a fault.
      if (err instanceof NoRuleVersionError) throw await this.intakeClosed(pack, receivedAt, err.why);
      throw err;
    }
    const subtype = findSubtype(rules, dto.measureCode, dto.subtypeCode);
    if (subtype?.filedBy === 'lifecycle') {
      const w = SUBMISSION_SENTENCES.filedByLifecycle(subtype.title);
      throw new UnprocessableError('subtypeCode', w.en, { zh: w.zh, reason: 'FiledByLifecycle' });
    }
    const checked = validateApplicationForm(rules, dto.measureCode, dto.subtypeCode, dto.form, localDate(receivedAt, rules.timezone));
    if (!checked.ok) {
      throw new ValidationError(checked.issues);
    }
    const documents = await this.ownDocuments(user.organisationId, rules, dto, checked.form);

    // The organisation as received: the case is assessed on this, whatever is edited later.
    const org = await this.identities.organisation(user.organisationId);
    if (!org) throw sayIt(ForbiddenError, null, SUBMISSION_SENTENCES.organisationNotRegistered());
    const id = randomUUID();
    const { created, view, input } = await fileCase(this.cases, {
      id,
      pack,
      rules,
      measureCode: dto.measureCode,
      subtypeCode: dto.subtypeCode,
      organisation: org,
      submittedById: user.userId,
      idempotencyKey: idempotencyKey ?? null,
      requestHash,
      form: checked.form,
      documents,
      receivedAt,
    });
    if (!created || !view) {
      // Two concurrent requests with one key: the unique index let the other one through.
      const winner = idempotencyKey ? await this.cases.byIdempotencyKey(user.organisationId, idempotencyKey) : null;
      if (winner) return { created: false, case: await this.replay(user, winner, requestHash) };
      throw sayIt(ConflictError, 'Idempotency-Key', SUBMISSION_SENTENCES.keyBeingStored());
    }
    try {
      await this.startWorkflow(input);
    } catch (err) {
      // Nothing half-made stays behind: without its workflow the row would be a case nobody handles.
      this.logger.error(`could not start the workflow for ${id}: ${(err as Error).message}`);
      await this.cases.remove(id, 'the workflow could not be started');
      throw sayIt(UnavailableError, null, SUBMISSION_SENTENCES.notStored());
    }
    // The case as stored, from the insert itself: no read-back (no answers yet, so its files are the form's).
    return {
      created: true,
      case: {
        ...this.shown(user, view, caseNames(rules, dto.measureCode, dto.subtypeCode)),
        documents: formFiles(documents.map((d) => ({ ...d, id: d.documentId }))),
      },
    };
  }

  /** The form's document fields, each of which must name a document the applicant's organisation uploaded. */
  private async ownDocuments(
    organisationId: string,
    rules: PackRules,
    dto: SubmitApplicationDto,
    form: Record<string, unknown>,
  ): Promise<{ field: string; documentId: string; name: string }[]> {
    const found = lookupSubtype(rules, dto.measureCode, dto.subtypeCode);
    if (!found.ok) throw new ValidationError(found.issues);
    const refs = documentReferences(found.subtype, form);
    // Their names too: the answer lists the form's files as a later read does.
    const mine = await this.documents.namesOf(
      organisationId,
      refs.map((r) => r.documentId),
    );
    // Another organisation's document is reported exactly like one that does not exist.
    const issues = refs
      .filter((r) => !mine.has(r.documentId))
      .map((r) => {
        const label = found.subtype.form.find((f) => f.name === r.field)?.label ?? { zh: r.field, en: r.field };
        const w = SUBMISSION_SENTENCES.notYourDocument(label);
        return { path: `form.${r.field}`, message: w.en, zh: w.zh };
      });
    if (issues.length > 0) throw new ValidationError(issues);
    return refs.map((r) => ({ ...r, name: mine.get(r.documentId)! }));
  }

  /** A refusal naming the policy, its end (in the policy's zone) and any successor to apply under. */
  private async intakeClosed(pack: PolicyPack, at: Date, why: 'before' | 'after'): Promise<UnprocessableError> {
    const status = intakeStatus(pack, false, at.getTime(), why === 'after' ? await this.policy.successorsOf(pack.id) : []);
    const state = why === 'before' ? 'not open yet' : 'closed';
    return new UnprocessableError(
      'packId',
      `intake for ${pack.id} is ${state}: ${status.message.en}; applications are accepted from ${pack.validity.from} until ${pack.validity.to} (end exclusive)`,
      { zh: status.message.zh, reason: why === 'before' ? 'IntakeNotOpen' : 'IntakeClosed', closesAt: pack.validity.to },
    );
  }

  private async replay(user: Principal, existing: KeyedCase, requestHash: string): Promise<CaseDto> {
    if (existing.requestHash !== requestHash) {
      throw sayIt(ConflictError, 'Idempotency-Key', SUBMISSION_SENTENCES.keyReused());
    }
    // Starting again is a no-op when the workflow runs, and heals a case whose first start failed mid-way.
    await this.startWorkflow(
      caseWorkflowInput({
        id: existing.id,
        packId: existing.packId,
        packVersion: existing.packVersion,
        receivedAt: existing.submittedAt,
        organisationId: existing.organisationId,
        reference: existing.reference,
      }),
    );
    const row = await this.cases.view(existing.id);
    if (!row) throw noApplication();
    return { ...this.shown(user, row, await this.names(row)), documents: formFiles(row.documents) };
  }

  /** The case filing path's start (src/cases/filing.ts): idempotent under the case's business id. */
  private async startWorkflow(input: CaseWorkflowInput): Promise<void> {
    await this.temporal.workflow.start<typeof caseWorkflow>('caseWorkflow', caseStartOptions(input, this.taskQueue));
  }

  async read(user: Principal, id: string): Promise<CaseDto> {
    const row = await this.cases.view(id);
    // Not entitled looks the same as absent: a case's existence is itself private.
    if (
      !row ||
      !canReadCase(actorOf(user), {
        jurisdictionId: row.jurisdictionId,
        organisationId: row.organisationId,
        bureauCodes: row.state.tasks.map((t) => t.bureauCode),
      })
    )
      throw noApplication();
    const files = await this.documents.namesOf(row.organisationId, answerDocumentIds(row.state));
    const dto = { ...this.shown(user, row, await this.names(row), files), documents: formFiles(row.documents) };
    if (user.role !== 'admin') return dto;
    // The admin's timeline also shows what was done to the case outside its events (an export, a finance change).
    const extras = (await this.audit.caseExtras(id)).map((a) => ({
      at: a.at.toISOString(),
      type: `audit.${a.action}`,
      actorId: a.actorId,
      typeLabel: eventWords(`audit.${a.action}`),
      data: { subjectType: a.subjectType, subjectId: a.subjectId, ...a.payload },
      text: null,
    }));
    return { ...dto, timeline: [...dto.timeline, ...extras].sort((a, b) => Date.parse(a.at) - Date.parse(b.at)) };
  }

  /** The applicant's answer to a request for information; the workflow resumes the review that asked. */
  async answerInformation(user: Principal, id: string, dto: AnswerInformationDto): Promise<AnswerInformationResult> {
    const row = await this.ownCase(user, id);
    // Only the applicant's own uploads: another organisation's file is reported like one that does not exist.
    const mine = await this.documents.existingOf(row.organisationId, dto.documentIds);
    const issues = dto.documentIds
      .map((d, i) => ({ d, i }))
      .filter(({ d }) => !mine.has(d))
      .map(({ i }) => {
        const w = SUBMISSION_SENTENCES.answerDocumentNotYours();
        return { path: `documentIds.${i}`, message: w.en, zh: w.zh };
      });
    if (issues.length > 0) throw new ValidationError(issues);
    try {
      return await this.temporal.workflow
        .getHandle(row.workflowId)
        .executeUpdate(answerInformationUpdate, { args: [{ actor: actorOf(user), answers: dto.answers, documentIds: dto.documentIds }] });
    } catch (err) {
      return refusalToHttp(err);
    }
  }

  /** Withdrawal before the final decision: open tasks are cancelled and the case ends as withdrawn. */
  async withdraw(user: Principal, id: string, reason: string | null): Promise<WithdrawResult> {
    const row = await this.ownCase(user, id);
    // A closed case's workflow can no longer answer: the state gives the validator's own refusal first.
    const refused = check(row.state, { type: 'withdraw', actor: actorOf(user), reason });
    if (refused) throw refusalError(refused);
    try {
      return await this.temporal.workflow.getHandle(row.workflowId).executeUpdate(withdrawUpdate, { args: [{ actor: actorOf(user), reason }] });
    } catch (err) {
      return refusalToHttp(err);
    }
  }

  private async ownCase(user: Principal, id: string): Promise<CaseViewRecord> {
    if (user.role !== 'applicant') {
      const w = API_SENTENCES.onlyApplicant();
      throw new ForbiddenError(null, w.en, { zh: w.zh });
    }
    const row = await this.cases.view(id);
    if (!row || !isApplicantOf(actorOf(user), row.organisationId)) throw noApplication();
    return row;
  }

  async list(user: Principal, q: ListCasesDto): Promise<{ items: CaseDto[]; total: number; limit: number; offset: number }> {
    const { rows, total } = await this.cases.list({
      scope: listScope(user),
      ...(q.status ? { status: q.status } : {}),
      ...(q.measureCode ? { measureCode: q.measureCode } : {}),
      ...(q.year !== undefined ? { budgetYear: q.year } : {}),
      sort: { by: q.sort.replace(/^-/, '') as CaseSortKey, direction: q.sort.startsWith('-') ? 'desc' : 'asc' },
      limit: q.limit,
      offset: q.offset,
    });
    // One pack lookup per rule version on the page, not per case.
    const rules = new Map<string, Promise<PackRules>>();
    const items: CaseDto[] = [];
    for (const r of rows) {
      const key = `${r.packId}@${r.packVersion}`;
      if (!rules.has(key)) rules.set(key, this.policy.rules(r.packId, r.packVersion));
      items.push(this.shown(user, r, caseNames(await rules.get(key)!, r.measureCode, r.subtypeCode)));
    }
    return { items, total, limit: q.limit, offset: q.offset };
  }

  private shown(user: Principal, row: CaseViewRecord, names: CaseNames, files?: ReadonlyMap<string, string>): CaseDto {
    return toCaseDto(row, names, user.role === 'applicant' ? actorOf(user) : null, files);
  }

  private async names(row: { packId: string; packVersion: number; measureCode: string; subtypeCode: string }): Promise<CaseNames> {
    return caseNames(await this.policy.rules(row.packId, row.packVersion), row.measureCode, row.subtypeCode);
  }
}

/**
 * The files a case's form names, as one case's view lists them: by field, in code-point order (the
 * stored view sorts the same way, so a submission's answer and a later read agree).
 */
function formFiles(docs: readonly { id: string; name: string; field: string }[]): NonNullable<CaseDto['documents']> {
  return docs.map(({ id, name, field }) => ({ id, name, field })).sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
}

/** The one answer for a case that is missing or not the caller's: a case's existence is itself private. */
function noApplication(): NotFoundError {
  const w = API_SENTENCES.noApplication();
  return new NotFoundError('id', w.en, { zh: w.zh });
}

/** canReadCase as a query: the cases of the applicant's organisation, of the staff's bureau, or all for admins. */
function listScope(user: Principal): CaseScopeFilter {
  const a = actorOf(user);
  switch (a.role) {
    case 'admin':
      return { kind: 'all' };
    case 'applicant':
      return a.organisationId ? { kind: 'organisation', organisationId: a.organisationId } : { kind: 'none' };
    case 'officer':
    case 'supervisor':
      return a.bureauCode ? { kind: 'bureau', jurisdictionId: a.jurisdictionId, bureauCode: a.bureauCode } : { kind: 'none' };
    case 'finance':
      return { kind: 'none' };
  }
}
