import { SetMetadata, type INestApplication } from '@nestjs/common';
import { EXCEPTION_FILTERS_METADATA, GUARDS_METADATA, METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common/enums/request-method.enum';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';
import { PUBLIC_KEY } from './decorators';
import { RateLimitGuard } from './rate-limit';
import { jsonSchemaOf, type ZodDtoClass } from './zod';

const ERRORS_KEY = 'openapi:errors';

/** Statuses a route answers besides those every route of its kind does (see `completeDocument`), with why. */
export const ApiErrors = (errors: Partial<Record<number, string>>): MethodDecorator => SetMetadata(ERRORS_KEY, errors);

/** What every refusal looks like (src/common/exception.filter.ts and json-body.ts). */
export const ErrorSchema = z
  .object({
    statusCode: z.number().int(),
    error: z.string().describe('the status in words, e.g. Bad Request'),
    message: z.string().describe('what is wrong, in English; refusals of a person’s action carry the Chinese in `zh`'),
    field: z.string().optional().describe('the input the refusal concerns: a body path such as form.projectName, query.status, a path parameter'),
    issues: z
      .array(
        z.object({
          path: z.string(),
          message: z.string().describe('the problem, in English, naming the field'),
          zh: z.string().optional().describe('the problem in Chinese (shown under the field, so it need not name it)'),
        }),
      )
      .optional()
      .describe('every problem found, for a 400'),
    reason: z.string().optional().describe('the kind of refusal, e.g. NotClaimed, PoolExhausted, RecordFailed'),
    zh: z.string().optional().describe('the refusal in Chinese (for a 400, its issues’ Chinese)'),
  })
  .catchall(z.unknown())
  .describe('an error; details such as availableFen or retryAfterSeconds may follow');

const WHY: Record<number, string> = {
  400: 'a path, query, header or body value is malformed or unknown (the field is named), or the body is not valid JSON',
  401: 'no bearer token, or one that is invalid or expired',
  403: 'the caller’s role may not do this',
  404: 'no such resource, or one the caller may not see (answered exactly alike)',
  408: 'the body did not arrive in time',
  413: 'the body is too large',
  415: 'the body is not application/json',
  429: 'too many requests from this user or address; Retry-After says when to try again',
  503: 'the database, the workflow service or the identity provider is unavailable for a moment; retry later',
};

type Op = { parameters?: Param[]; requestBody?: unknown; responses: Record<string, unknown> };
type Param = { name: string; in: string; required?: boolean; description?: string; schema?: Record<string, unknown> };

const paramsOf = (schema: z.ZodType): { name: string; required: boolean; schema: Record<string, unknown> }[] => {
  const js = jsonSchemaOf(schema) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({ name, required: (js.required ?? []).includes(name), schema: s }));
};

/**
 * Makes the document say what the routes do, from the routes themselves: every zod-typed query and
 * path parameter with its schema (formats such as uuid, limits, enums), and every error status an
 * operation can answer with the error body: 400 where there is input, 401/403 unless public (admin
 * routes answer 404 instead, as if absent), 404 where a path names a resource, 408/413/415 where a
 * body is read, 429 where a rate limit applies, and what the route declares with `ApiErrors`.
 */
export function completeDocument(app: INestApplication, doc: OpenAPIObject): OpenAPIObject {
  doc.components ??= {};
  doc.components.schemas = { ...doc.components.schemas, Error: jsonSchemaOf(ErrorSchema, 'output') as never };
  const errorRef = { $ref: '#/components/schemas/Error' };
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (typeof metatype !== 'function') continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, metatype) ?? '');
      const classPublic = Reflect.getMetadata(PUBLIC_KEY, metatype) === true;
      const hidden = ((Reflect.getMetadata(EXCEPTION_FILTERS_METADATA, metatype) ?? []) as unknown[]).length > 0;
      const proto = metatype.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (method === undefined || sub === undefined) continue;
        const path = `/${[base, sub]
          .map((p) => p.replace(/^\/|\/$/g, ''))
          .filter(Boolean)
          .join('/')}`.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
        const op = (doc.paths[path] as Record<string, Op> | undefined)?.[RequestMethod[method].toLowerCase()];
        if (!op) continue;

        const types = (Reflect.getMetadata('design:paramtypes', proto, name) ?? []) as unknown[];
        // Nest keeps a handler's argument decorators on the class, by method name: { "<paramtype>:<index>": { index } }.
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, metatype, name) ?? {}) as Record<string, { index: number }>;
        const kinds = Object.entries(args).map(([k, v]) => ({ type: Number(k.split(':')[0]), index: v.index }));
        const dto = (t: RouteParamtypes): z.ZodType | undefined =>
          kinds.filter((k) => k.type === t).map((k) => (types[k.index] as Partial<ZodDtoClass> | undefined)?.zodSchema)[0];
        const params = op.parameters ?? [];
        const query = dto(RouteParamtypes.QUERY);
        if (query) {
          for (const p of paramsOf(query)) {
            const i = params.findIndex((x) => x.in === 'query' && x.name === p.name);
            const documented = { name: p.name, in: 'query', required: p.required, description: params[i]?.description, schema: p.schema };
            if (i >= 0) params[i] = documented;
            else params.push(documented);
          }
        }
        const pathDto = dto(RouteParamtypes.PARAM);
        if (pathDto) {
          for (const p of paramsOf(pathDto)) {
            const existing = params.find((x) => x.in === 'path' && x.name === p.name);
            // A format or pattern the route declares says what a refinement in the DTO cannot tell the generator.
            const declared = existing?.schema;
            if (existing)
              existing.schema = {
                ...p.schema,
                ...(declared?.format ? { format: declared.format } : {}),
                ...(declared?.pattern ? { pattern: declared.pattern } : {}),
              };
          }
        }
        op.parameters = params;

        const isPublic = classPublic || Reflect.getMetadata(PUBLIC_KEY, handler) === true;
        const limited = ((Reflect.getMetadata(GUARDS_METADATA, handler) ?? []) as unknown[]).includes(RateLimitGuard);
        const statuses: Record<number, string> = {};
        // Every route refuses a query parameter it does not take (src/common/no-undeclared-query.ts).
        statuses[400] = WHY[400]!;
        if (!isPublic && !hidden) Object.assign(statuses, { 401: WHY[401], 403: WHY[403] });
        if (hidden) statuses[404] = 'the route is for admins: to anyone else it answers as a route that does not exist';
        if (params.some((p) => p.in === 'path')) statuses[404] = WHY[404]!;
        if (op.requestBody) Object.assign(statuses, { 408: WHY[408], 413: WHY[413], 415: WHY[415] });
        if (limited) statuses[429] = WHY[429]!;
        // Any route reads the database, and a signed-in one the identity provider's keys: an outage is a 503.
        statuses[503] = WHY[503]!;
        Object.assign(statuses, Reflect.getMetadata(ERRORS_KEY, handler) ?? {});
        for (const [status, description] of Object.entries(statuses)) {
          const headers = status === '429' ? { headers: { 'Retry-After': { description: 'seconds', schema: { type: 'integer' } } } } : {};
          op.responses[status] ??= { description, ...headers, content: { 'application/json': { schema: errorRef } } };
        }
      }
    }
  }
  return doc;
}
