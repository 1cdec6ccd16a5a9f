-- AlterTable: the version of the event's data shape (see src/domain/case/events.ts); rows written before it are v1.
ALTER TABLE "application_events" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
