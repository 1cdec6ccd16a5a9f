import { Module } from '@nestjs/common';
import { ConflictsModule } from '../conflicts/conflicts.module';
import { TaskController } from './task.controller';
import { TaskService } from './task.service';

/** Officers' review tasks: the queue, claiming and deciding. */
@Module({ imports: [ConflictsModule], controllers: [TaskController], providers: [TaskService] })
export class TasksModule {}
