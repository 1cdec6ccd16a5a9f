import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

/** An API refusal as the pages show it: the status, the API's message and the field it names. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field: string | null,
    /** `zh`: the issue in Chinese, where the API gives one (a pack's form rules do). */
    readonly issues: { path: string; message: string; zh?: string }[],
    readonly reason: string | null,
    /** The refusal in Chinese, where the API gives one (refusals of a person's action do). */
    readonly zh: string | null = null,
    /** The whole error body, for what a refusal names besides (e.g. a 409's `runningJobId`). */
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

let token: string | null = null;
let onUnauthorized: () => void = () => undefined;

export function setToken(value: string | null): void {
  token = value;
}
export function setOnUnauthorized(fn: () => void): void {
  onUnauthorized = fn;
}

const auth: Middleware = {
  onRequest({ request }) {
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401) onUnauthorized();
    return response;
  },
};

/** The typed client generated from the OpenAPI document (npm run api:generate). */
export const api = createClient<paths>({ baseUrl: '' });
api.use(auth);

interface ErrorBody {
  message?: unknown;
  field?: unknown;
  issues?: unknown;
  reason?: unknown;
  zh?: unknown;
}

function toApiError(status: number, body: unknown): ApiError {
  const b = (typeof body === 'object' && body !== null ? body : {}) as ErrorBody;
  const issues = Array.isArray(b.issues) ? (b.issues as { path: string; message: string; zh?: string }[]) : [];
  const message = typeof b.message === 'string' ? b.message : `HTTP ${status}`;
  return new ApiError(
    status,
    message,
    typeof b.field === 'string' ? b.field : null,
    issues,
    typeof b.reason === 'string' ? b.reason : null,
    typeof b.zh === 'string' ? b.zh : null,
    b as Record<string, unknown>,
  );
}

/** Unwraps an openapi-fetch result: the body typed by the generated document, or the API's refusal as an ApiError. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw toApiError(response.status, error);
  return data as T;
}

/** Query parameters the document does not describe yet (the DTOs are zod schemas the pipe reads). */
export type Query = Record<string, string | number | undefined>;
export function query(q: Query): never {
  return Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined && v !== '')) as never;
}
