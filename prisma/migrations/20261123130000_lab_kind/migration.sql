-- AlterEnum
ALTER TYPE "OrganisationKind" ADD VALUE 'lab';
