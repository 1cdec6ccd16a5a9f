import { Injectable, PipeTransform, type ArgumentMetadata } from '@nestjs/common';
import { z } from 'zod';
import { ValidationError } from '../domain/errors';
import { issueZh, REQUEST_SENTENCES, type IssueFacts } from '../domain/words/validation';

/** A class that carries a zod schema: the global pipe validates with it and OpenAPI documents it. */
export interface ZodDtoClass<T extends z.ZodType = z.ZodType> {
  new (): z.infer<T>;
  readonly zodSchema: T;
}

export function zodDto<T extends z.ZodType>(schema: T): ZodDtoClass<T> {
  class Dto {
    static readonly zodSchema = schema;
  }
  return Dto as unknown as ZodDtoClass<T>;
}

/** Each issue's field, its English (the schema's message) and its Chinese (the words catalogue's). */
export function issuesOf(error: z.ZodError, prefix = ''): { path: string; message: string; zh: string }[] {
  return error.issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter((p) => p !== '').join('.') || '(body)',
    message: i.message,
    zh: issueZh(i as IssueFacts),
  }));
}

export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, prefix = ''): z.infer<T> {
  // reportInput: the Chinese tells a missing value ("必填") from a wrong one; the input never leaves here.
  const r = schema.safeParse(value, { reportInput: true });
  if (!r.success) throw new ValidationError(issuesOf(r.error, prefix));
  return r.data;
}

/** One global pipe: bodies, queries and params typed with a zodDto class are parsed by its schema. */
@Injectable()
export class ZodValidationPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const meta = metadata.metatype as Partial<ZodDtoClass> | undefined;
    const schema = meta?.zodSchema;
    if (!schema) return value;
    if (metadata.type === 'body' && (value === undefined || value === null)) {
      const w = REQUEST_SENTENCES.bodyRequired();
      throw new ValidationError([{ path: '(body)', message: w.en, zh: w.zh }]);
    }
    return parseOrThrow(schema, value, metadata.type === 'query' ? 'query' : '');
  }
}

/** Whether two types are the same, both ways (for compile-time checks that a schema mirrors a type). */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** The JSON Schema of a zod schema: of what a client sends (`input`, the default) or receives (`output`). */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output' = 'input'): Record<string, unknown> {
  const s = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  delete s.$schema;
  return s;
}
