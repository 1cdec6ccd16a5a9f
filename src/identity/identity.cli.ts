import 'reflect-metadata';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DomainError, ValidationError } from '../domain/errors';
import { parseOrThrow } from '../common/zod';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import {
  AuditQuerySchema,
  CreateOrganisationSchema,
  CreateUserSchema,
  ListUsersSchema,
  PageQuerySchema,
  UpdateOrganisationSchema,
  UpdateUserSchema,
} from './identity.dto';
import { IdentityService } from './identity.service';

export const USAGE = `usage: npm run -s identity -- <command> [options]   (prints JSON)
  org list [--limit N] [--offset N]
  org show <id>
  org add [--id ID] [--jurisdiction CODE] --name NAME --credit-code CODE --kind KIND [--startup --startup-evidence TEXT] [--district CODE] --registered-on YYYY-MM-DD
  org edit <id> [--name …] [--credit-code …] [--kind …] [--startup|--not-startup] [--startup-evidence …] [--district …|--no-district] [--registered-on …]
  user list [--role ROLE] [--organisation ID] [--bureau CODE] [--jurisdiction CODE] [--limit N] [--offset N]
  user show <id>
  user add --id ID --name NAME --role applicant|officer|supervisor|finance|admin [--jurisdiction CODE] [--organisation ID] [--bureau CODE]
  user edit <id> [--name …] [--role …] [--jurisdiction CODE] [--organisation ID] [--bureau CODE]
  audit [--entity-type organisation|user|conflict] [--entity-id ID] [--limit N] [--offset N]
--jurisdiction is the city's code, as its packs declare it; it may be left out while only one exists, or when an
applicant's organisation tells it. Finance staff's --bureau is their treasury: city, or a district's bureau code.
Every change is recorded in the audit trail as made by cli:<login> (or --actor NAME).`;

const OPTIONS = {
  id: { type: 'string' },
  name: { type: 'string' },
  'credit-code': { type: 'string' },
  kind: { type: 'string' },
  startup: { type: 'boolean' },
  'not-startup': { type: 'boolean' },
  'startup-evidence': { type: 'string' },
  district: { type: 'string' },
  'no-district': { type: 'boolean' },
  'registered-on': { type: 'string' },
  role: { type: 'string' },
  organisation: { type: 'string' },
  bureau: { type: 'string' },
  jurisdiction: { type: 'string' },
  'entity-type': { type: 'string' },
  'entity-id': { type: 'string' },
  limit: { type: 'string' },
  offset: { type: 'string' },
  actor: { type: 'string' },
  help: { type: 'boolean' },
} as const;

export interface CliIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

/** Drops the options not given, so a schema sees only what was typed. */
const given = (o: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/**
 * The CLI over the same service, schemas and audit trail as the admin API. Exit codes: 0 done,
 * 1 refused (not found, taken, invalid for the rules), 2 a usage or input error.
 */
export async function runIdentityCli(argv: string[], service: IdentityService, io: CliIo, login = userInfo().username): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    io.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values: v, positionals } = parsed;
  const [noun, verb, target] = positionals;
  if (v.help || !noun) {
    io.stdout.write(`${USAGE}\n`);
    return v.help ? 0 : 2;
  }
  const actor = v.actor ?? `cli:${login}`;
  const page = { limit: v.limit, offset: v.offset };
  const startup = v.startup ? true : v['not-startup'] ? false : undefined;
  const organisation = given({
    name: v.name,
    creditCode: v['credit-code'],
    kind: v.kind,
    isStartup: startup,
    startupEvidence: v['startup-evidence'],
    district: v['no-district'] ? null : v.district,
    registeredOn: v['registered-on'],
  });
  try {
    const out = await (async (): Promise<unknown> => {
      const command = `${noun} ${noun === 'audit' ? '' : (verb ?? '')}`.trim();
      const needTarget = (): string => target ?? usageError(`${command} needs the id`);
      switch (command) {
        case 'org list':
          return service.listOrganisations(parseOrThrow(PageQuerySchema, given(page)));
        case 'org show':
          return service.organisation(needTarget());
        case 'org add':
          return service.createOrganisation(
            actor,
            parseOrThrow(CreateOrganisationSchema, given({ id: v.id, isStartup: false, district: null, ...organisation, jurisdictionId: v.jurisdiction })),
          );
        case 'org edit':
          return service.updateOrganisation(actor, needTarget(), parseOrThrow(UpdateOrganisationSchema, organisation));
        case 'user list':
          return service.listUsers(
            parseOrThrow(
              ListUsersSchema,
              given({ role: v.role, organisationId: v.organisation, bureauCode: v.bureau, jurisdictionId: v.jurisdiction, ...page }),
            ),
          );
        case 'user show':
          return service.user(needTarget());
        case 'user add':
          return service.createUser(
            actor,
            parseOrThrow(
              CreateUserSchema,
              given({ id: v.id, name: v.name, role: v.role, organisationId: v.organisation, bureauCode: v.bureau, jurisdictionId: v.jurisdiction }),
            ),
          );
        case 'user edit':
          return service.updateUser(
            actor,
            needTarget(),
            parseOrThrow(
              UpdateUserSchema,
              given({ name: v.name, role: v.role, organisationId: v.organisation, bureauCode: v.bureau, jurisdictionId: v.jurisdiction }),
            ),
          );
        case 'audit':
          return service.auditTrail(parseOrThrow(AuditQuerySchema, given({ entityType: v['entity-type'], entityId: v['entity-id'], ...page })));
        default:
          return usageError(`unknown command: ${command}`);
      }
    })();
    io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`${err.message}\n${USAGE}\n`);
      return 2;
    }
    if (err instanceof ValidationError) {
      // The schemas name body fields; the CLI spells them as its flags.
      io.stderr.write(`${err.issues.map((i) => `--${flagOf(i.path)}: ${i.message}`).join('\n')}\n`);
      return 2;
    }
    if (err instanceof DomainError) {
      const zh = typeof err.details?.zh === 'string' ? ` / ${err.details.zh}` : '';
      io.stderr.write(`${err.field ? `${flagOf(err.field)}: ` : ''}${err.message}${zh}\n`);
      return 1;
    }
    throw err;
  }
}

class UsageError extends Error {}
const usageError = (message: string): never => {
  throw new UsageError(message);
};
const FLAGS: Record<string, string> = {
  creditCode: 'credit-code',
  startupEvidence: 'startup-evidence',
  registeredOn: 'registered-on',
  isStartup: 'startup',
  organisationId: 'organisation',
  bureauCode: 'bureau',
  jurisdictionId: 'jurisdiction',
  entityType: 'entity-type',
  entityId: 'entity-id',
};
const flagOf = (path: string): string => FLAGS[path] ?? path;

@Module({ imports: [ConfigModule, DatabaseModule], providers: [IdentityService] })
class IdentityCliModule {}

async function main(): Promise<number> {
  // ConfigModule reads the environment through loadConfig; as a tool, an undeclared one is development.
  if (!process.env.APP_ENV && !process.env.NODE_ENV) process.env.APP_ENV = 'development';
  const app = await NestFactory.createApplicationContext(IdentityCliModule, { logger: ['error'] });
  try {
    return await runIdentityCli(process.argv.slice(2), app.get(IdentityService), process);
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
