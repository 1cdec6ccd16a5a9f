-- AlterEnum: finance staff of a treasury (src/domain/access.ts)
ALTER TYPE "UserRole" ADD VALUE 'finance';
