import 'reflect-metadata';
import { Logger, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { APP_CONFIG } from './config/config.module';
import { loadConfig, nestLogLevels, type AppConfig } from './config/config';

/** Everything an HTTP app needs besides listening; tests build the same app through this. */
export function configureApp(app: INestApplication): void {
  app.enableShutdownHooks();
  const doc = new DocumentBuilder()
    .setTitle('AI Pioneer City subsidies')
    .setDescription('Applications, review tasks and awards. Money is always a string of integer fen.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'docs/openapi.json' });
}

async function main(): Promise<void> {
  const app = await NestFactory.create(AppModule, { logger: nestLogLevels(loadConfig().logLevel) });
  configureApp(app);
  const config = app.get<AppConfig>(APP_CONFIG);
  await app.listen(config.http.port, config.http.host);
  new Logger('API').log(`listening on http://${config.http.host}:${config.http.port} (docs at /docs)`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
