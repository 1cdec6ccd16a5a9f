import { Module } from '@nestjs/common';
import { PolicyModule } from '../policy/policy.module';
import { CatalogController } from './catalog.controller';
import { CatalogService } from './catalog.service';

@Module({ imports: [PolicyModule], controllers: [CatalogController], providers: [CatalogService] })
export class CatalogModule {}
