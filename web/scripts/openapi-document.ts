import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { SwaggerModule } from '@nestjs/swagger';
import { AppModule } from '../../src/app.module';
import { openApiConfig } from '../../src/main';
import { completeDocument } from '../../src/common/openapi';

/*
 * Prints the API's OpenAPI document without a database or Temporal: Nest's preview mode resolves
 * the routes and their metadata but instantiates no provider, so nothing connects anywhere.
 */
async function main(): Promise<void> {
  const app = await NestFactory.create(AppModule, { preview: true, logger: false, abortOnError: false });
  const doc = completeDocument(app, SwaggerModule.createDocument(app, openApiConfig()));
  process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  await app.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
