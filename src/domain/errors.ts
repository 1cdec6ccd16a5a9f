/** Domain errors carry the field they concern; the exception filter maps them to HTTP. */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  constructor(
    readonly field: string | null,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export class NotFoundError extends DomainError {
  readonly status = 404;
}
export class ForbiddenError extends DomainError {
  readonly status = 403;
}
export class ConflictError extends DomainError {
  readonly status = 409;
}
/** Well-formed input that the rules refuse (closed intake, measure without applications, …). */
export class UnprocessableError extends DomainError {
  readonly status = 422;
}
export class ValidationError extends DomainError {
  readonly status = 400;
  /** `zh`: the issue in Chinese, where its words exist in both languages (a pack's form rules). */
  constructor(readonly issues: { path: string; message: string; zh?: string }[]) {
    super(issues[0]?.path ?? null, issues.map((i) => `${i.path}: ${i.message}`).join('; '));
  }
}
export class TooManyRequestsError extends DomainError {
  readonly status = 429;
}
export class UnavailableError extends DomainError {
  readonly status = 503;
}
export class PayloadTooLargeError extends DomainError {
  readonly status = 413;
}
export class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
}

/** A refusal in both languages from the catalogue (src/domain/words): the English as its message, the Chinese beside it. */
export function sayIt<E extends DomainError>(
  Kind: new (field: string | null, message: string, details?: Record<string, unknown>) => E,
  field: string | null,
  words: { zh: string; en: string },
  details?: Record<string, unknown>,
): E {
  return new Kind(field, words.en, { ...details, zh: words.zh });
}
