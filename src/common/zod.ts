import { BadRequestException, Injectable, PipeTransform, type ArgumentMetadata } from '@nestjs/common';
import { z } from 'zod';
import { ValidationError } from '../domain/errors';

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

export function issuesOf(error: z.ZodError, prefix = ''): { path: string; message: string }[] {
  return error.issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter((p) => p !== '').join('.') || '(body)',
    message: i.message,
  }));
}

export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, prefix = ''): z.infer<T> {
  const r = schema.safeParse(value);
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
      throw new BadRequestException('a JSON body is required');
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
