-- One audit trail: organisation, user and conflict changes go to audit_log beside every other human
-- action (payload {before, after}); the identity migration's separate table goes, empty before any deployment.
DROP TRIGGER "audit_entries_append_only" ON "audit_entries";
DROP FUNCTION "audit_entries_append_only"();
DROP TABLE "audit_entries";
