-- CreateEnum
CREATE TYPE "SettlementStatus" AS ENUM ('PREPARING', 'FINANCE_REVIEW', 'PUBLICITY', 'OBJECTION_REVIEW', 'LEADERSHIP_APPROVAL', 'APPROVED', 'PAID', 'REVERSED', 'REJECTED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "SettlementKind" AS ENUM ('PERIODIC', 'ON_DEMAND');

-- CreateEnum
CREATE TYPE "IncomeClass" AS ENUM ('LICENCE_TRANSFER', 'EQUITY_PROCEEDS', 'SELF_IMPLEMENTATION');

-- CreateEnum
CREATE TYPE "DeductionKind" AS ENUM ('TAX', 'PATENT_MAINTENANCE', 'VALUATION', 'TRANSACTION', 'LEGAL', 'OTHER');

-- CreateEnum
CREATE TYPE "PayoutSource" AS ENUM ('LICENCE_TRANSFER', 'EQUITY_PROCEEDS', 'SELF_IMPLEMENTATION', 'EQUITY_GRANT');

-- CreateEnum
CREATE TYPE "RecipientKind" AS ENUM ('PERSON', 'INSTITUTION', 'DEPARTMENT', 'TTO_FUND');

-- CreateEnum
CREATE TYPE "AmountUnit" AS ENUM ('FEN', 'SHARES');

-- CreateEnum
CREATE TYPE "TaxTreatment" AS ENUM ('WAGE_INCOME_HALF', 'WAGE_INCOME_FULL', 'EQUITY_DEFERRAL', 'EQUITY_AT_GRANT', 'NOT_PERSONAL_INCOME');

-- CreateEnum
CREATE TYPE "LedgerEntryKind" AS ENUM ('INCOME', 'DEDUCTION', 'ALLOCATION', 'PAYOUT');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "DocumentKind" ADD VALUE 'STATEMENT';
ALTER TYPE "DocumentKind" ADD VALUE 'DEDUCTION_EVIDENCE';

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "TaskKind" ADD VALUE 'PREPARE_SETTLEMENT';
ALTER TYPE "TaskKind" ADD VALUE 'FINANCE_REVIEW';
ALTER TYPE "TaskKind" ADD VALUE 'RECORD_PAYOUT';

-- AlterTable
ALTER TABLE "Document" ADD COLUMN     "settlementId" UUID;

-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "settlementId" UUID;

-- AlterTable
ALTER TABLE "Notice" ADD COLUMN     "settlementId" UUID;

-- AlterTable
ALTER TABLE "IncomeEvent" ADD COLUMN     "evidenceDocumentIds" UUID[] DEFAULT ARRAY[]::UUID[],
ADD COLUMN     "fiscalYear" INTEGER;

-- CreateTable
CREATE TABLE "Settlement" (
    "id" UUID NOT NULL,
    "reference" TEXT NOT NULL,
    "institutionId" UUID NOT NULL,
    "dealId" UUID NOT NULL,
    "workflowId" TEXT NOT NULL,
    "policyProfileId" UUID NOT NULL,
    "profileVersion" INTEGER NOT NULL,
    "kind" "SettlementKind" NOT NULL,
    "periodFrom" TEXT NOT NULL,
    "periodTo" TEXT NOT NULL,
    "status" "SettlementStatus" NOT NULL DEFAULT 'PREPARING',
    "createdById" UUID NOT NULL,
    "draft" JSONB NOT NULL,
    "result" JSONB,
    "problems" JSONB,
    "grossFen" BIGINT NOT NULL DEFAULT 0,
    "deductionsFen" BIGINT NOT NULL DEFAULT 0,
    "netFen" BIGINT NOT NULL DEFAULT 0,
    "approvalAmountFen" BIGINT NOT NULL DEFAULT 0,
    "leadershipRequired" BOOLEAN NOT NULL DEFAULT false,
    "currentStepKey" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "submittedAt" TIMESTAMPTZ(3),
    "approvedAt" TIMESTAMPTZ(3),
    "paidAt" TIMESTAMPTZ(3),
    "reversedAt" TIMESTAMPTZ(3),
    "reversalReason" TEXT,
    "closedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Settlement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SettlementDeduction" (
    "id" UUID NOT NULL,
    "settlementId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "kind" "DeductionKind" NOT NULL,
    "incomeClass" "IncomeClass" NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "note" TEXT,
    "evidenceDocumentIds" UUID[] DEFAULT ARRAY[]::UUID[],
    "position" INTEGER NOT NULL,

    CONSTRAINT "SettlementDeduction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PayoutLine" (
    "id" UUID NOT NULL,
    "settlementId" UUID NOT NULL,
    "lineId" TEXT NOT NULL,
    "source" "PayoutSource" NOT NULL,
    "recipientKind" "RecipientKind" NOT NULL,
    "personId" UUID,
    "name" TEXT NOT NULL,
    "unit" "AmountUnit" NOT NULL,
    "amount" BIGINT NOT NULL,
    "taxableFen" BIGINT,
    "taxTreatment" "TaxTreatment" NOT NULL,
    "taxDeferral" BOOLEAN NOT NULL DEFAULT false,
    "note" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "paidAt" TIMESTAMPTZ(3),
    "paidOn" TEXT,
    "paymentRef" TEXT,
    "statementDocumentId" UUID,

    CONSTRAINT "PayoutLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LedgerEntry" (
    "seq" BIGSERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "institutionId" UUID NOT NULL,
    "settlementId" UUID NOT NULL,
    "dealId" UUID NOT NULL,
    "kind" "LedgerEntryKind" NOT NULL,
    "reversalOf" TEXT,
    "reason" TEXT,
    "occurredOn" TEXT NOT NULL,
    "debit" TEXT NOT NULL,
    "credit" TEXT NOT NULL,
    "unit" "AmountUnit" NOT NULL,
    "amount" BIGINT NOT NULL,
    "source" "PayoutSource" NOT NULL,
    "recipientKey" TEXT,
    "recipient" JSONB,
    "personId" UUID,
    "taxableWageIncomeFen" BIGINT,
    "memo" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LedgerEntry_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE UNIQUE INDEX "Settlement_reference_key" ON "Settlement"("reference");

-- CreateIndex
CREATE UNIQUE INDEX "Settlement_workflowId_key" ON "Settlement"("workflowId");

-- CreateIndex
CREATE INDEX "Settlement_institutionId_status_updatedAt_idx" ON "Settlement"("institutionId", "status", "updatedAt");

-- CreateIndex
CREATE INDEX "Settlement_dealId_periodFrom_idx" ON "Settlement"("dealId", "periodFrom");

-- CreateIndex
CREATE UNIQUE INDEX "SettlementDeduction_settlementId_key_key" ON "SettlementDeduction"("settlementId", "key");

-- CreateIndex
CREATE INDEX "PayoutLine_personId_idx" ON "PayoutLine"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "PayoutLine_settlementId_lineId_key" ON "PayoutLine"("settlementId", "lineId");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerEntry_key_key" ON "LedgerEntry"("key");

-- CreateIndex
CREATE INDEX "LedgerEntry_institutionId_occurredOn_idx" ON "LedgerEntry"("institutionId", "occurredOn");

-- CreateIndex
CREATE INDEX "LedgerEntry_settlementId_seq_idx" ON "LedgerEntry"("settlementId", "seq");

-- CreateIndex
CREATE INDEX "LedgerEntry_personId_occurredOn_idx" ON "LedgerEntry"("personId", "occurredOn");

-- CreateIndex
CREATE INDEX "LedgerEntry_dealId_occurredOn_idx" ON "LedgerEntry"("dealId", "occurredOn");

-- CreateIndex
CREATE INDEX "Document_settlementId_kind_idx" ON "Document"("settlementId", "kind");

-- CreateIndex
CREATE INDEX "Task_settlementId_createdAt_idx" ON "Task"("settlementId", "createdAt");

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_settlementId_fkey" FOREIGN KEY ("settlementId") REFERENCES "Settlement"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_settlementId_fkey" FOREIGN KEY ("settlementId") REFERENCES "Settlement"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notice" ADD CONSTRAINT "Notice_settlementId_fkey" FOREIGN KEY ("settlementId") REFERENCES "Settlement"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncomeEvent" ADD CONSTRAINT "IncomeEvent_settlementId_fkey" FOREIGN KEY ("settlementId") REFERENCES "Settlement"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Settlement" ADD CONSTRAINT "Settlement_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Settlement" ADD CONSTRAINT "Settlement_dealId_fkey" FOREIGN KEY ("dealId") REFERENCES "IpDeal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Settlement" ADD CONSTRAINT "Settlement_policyProfileId_fkey" FOREIGN KEY ("policyProfileId") REFERENCES "PolicyProfile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SettlementDeduction" ADD CONSTRAINT "SettlementDeduction_settlementId_fkey" FOREIGN KEY ("settlementId") REFERENCES "Settlement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PayoutLine" ADD CONSTRAINT "PayoutLine_settlementId_fkey" FOREIGN KEY ("settlementId") REFERENCES "Settlement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_settlementId_fkey" FOREIGN KEY ("settlementId") REFERENCES "Settlement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- The ledger is append-only: a settlement once approved is corrected by reversal entries, never
-- by changing or removing an entry. Refused for every role, including the application's own.
CREATE FUNCTION "ledger_entry_append_only"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'LedgerEntry is append-only: % is not allowed (book a reversal entry instead)', TG_OP
    USING ERRCODE = 'restrict_violation';
END;
$$;

-- CreateTrigger
CREATE TRIGGER "LedgerEntry_append_only_row"
BEFORE UPDATE OR DELETE ON "LedgerEntry"
FOR EACH ROW EXECUTE FUNCTION "ledger_entry_append_only"();

-- CreateTrigger
CREATE TRIGGER "LedgerEntry_append_only_truncate"
BEFORE TRUNCATE ON "LedgerEntry"
FOR EACH STATEMENT EXECUTE FUNCTION "ledger_entry_append_only"();
