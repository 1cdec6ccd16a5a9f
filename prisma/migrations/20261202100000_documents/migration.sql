-- CreateTable
CREATE TABLE "documents" (
    "organisation_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "uploaded_by_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "documents_pkey" PRIMARY KEY ("organisation_id","id")
);

-- CreateTable
CREATE TABLE "case_documents" (
    "application_id" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "organisation_id" TEXT NOT NULL,
    "document_id" TEXT NOT NULL,

    CONSTRAINT "case_documents_pkey" PRIMARY KEY ("application_id","field")
);

-- CreateIndex
CREATE INDEX "documents_id_idx" ON "documents"("id");

-- CreateIndex
CREATE INDEX "case_documents_organisation_id_document_id_idx" ON "case_documents"("organisation_id", "document_id");

-- AddForeignKey
ALTER TABLE "documents" ADD CONSTRAINT "documents_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- CreateIndex: the target of case_documents' foreign key, so a link joins a case and a document of one organisation.
CREATE UNIQUE INDEX "applications_id_organisation_id_key" ON "applications"("id", "organisation_id");

-- AddForeignKey
ALTER TABLE "case_documents" ADD CONSTRAINT "case_documents_application_id_organisation_id_fkey" FOREIGN KEY ("application_id", "organisation_id") REFERENCES "applications"("id", "organisation_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey: a document named by a submitted case is never deleted.
ALTER TABLE "case_documents" ADD CONSTRAINT "case_documents_organisation_id_document_id_fkey" FOREIGN KEY ("organisation_id", "document_id") REFERENCES "documents"("organisation_id", "id") ON DELETE RESTRICT ON UPDATE RESTRICT;
