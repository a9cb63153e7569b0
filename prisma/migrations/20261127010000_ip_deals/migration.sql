-- CreateEnum
CREATE TYPE "DealMode" AS ENUM ('TRANSFER', 'LICENCE', 'EQUITY');

-- CreateEnum
CREATE TYPE "PricingMethod" AS ENUM ('AGREED', 'LISTED', 'AUCTION');

-- CreateEnum
CREATE TYPE "DealStatus" AS ENUM ('DRAFT', 'IN_REVIEW', 'RETURNED', 'PUBLICITY', 'OBJECTION_REVIEW', 'EXCHANGE', 'CONTRACT', 'ACTIVE', 'REJECTED', 'WITHDRAWN', 'TERMINATED', 'EXPIRED');

-- CreateEnum
CREATE TYPE "ObligationKind" AS ENUM ('UPFRONT', 'MILESTONE', 'MINIMUM_ROYALTY', 'PATENT_COST');

-- CreateEnum
CREATE TYPE "ObligationStatus" AS ENUM ('PENDING', 'INVOICED', 'PAID', 'OVERDUE', 'WAIVED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "RoyaltyPeriodStatus" AS ENUM ('DUE', 'REPORTED', 'OVERDUE', 'WAIVED');

-- CreateEnum
CREATE TYPE "AmendmentStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "IncomeKind" AS ENUM ('UPFRONT', 'MILESTONE', 'ROYALTY', 'MINIMUM_ROYALTY_TOP_UP', 'DIVIDEND', 'EQUITY_EXIT', 'OPERATING_PROFIT', 'OTHER');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "DocumentKind" ADD VALUE 'CONTRACT_DRAFT';
ALTER TYPE "DocumentKind" ADD VALUE 'SIGNED_CONTRACT';
ALTER TYPE "DocumentKind" ADD VALUE 'VALUATION_REPORT';
ALTER TYPE "DocumentKind" ADD VALUE 'CONFLICT_DISCLOSURE';
ALTER TYPE "DocumentKind" ADD VALUE 'EXCHANGE_RECORD';
ALTER TYPE "DocumentKind" ADD VALUE 'PAYMENT_EVIDENCE';
ALTER TYPE "DocumentKind" ADD VALUE 'ROYALTY_REPORT';

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "TaskKind" ADD VALUE 'EXCHANGE_RESULT';
ALTER TYPE "TaskKind" ADD VALUE 'SIGN_CONTRACT';
ALTER TYPE "TaskKind" ADD VALUE 'PAYMENT_FOLLOW_UP';
ALTER TYPE "TaskKind" ADD VALUE 'ROYALTY_FOLLOW_UP';

-- DropForeignKey
ALTER TABLE "Task" DROP CONSTRAINT "Task_caseId_fkey";

-- DropForeignKey
ALTER TABLE "Notice" DROP CONSTRAINT "Notice_caseId_fkey";

-- AlterTable
ALTER TABLE "Document" ADD COLUMN     "dealId" UUID;

-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "dealId" UUID,
ALTER COLUMN "caseId" DROP NOT NULL;

-- AlterTable
ALTER TABLE "Notice" ADD COLUMN     "dealId" UUID,
ALTER COLUMN "caseId" DROP NOT NULL;

-- CreateTable
CREATE TABLE "IpDeal" (
    "id" UUID NOT NULL,
    "reference" TEXT NOT NULL,
    "institutionId" UUID NOT NULL,
    "caseId" UUID,
    "leadResearcherId" UUID NOT NULL,
    "departmentId" UUID,
    "createdById" UUID NOT NULL,
    "policyProfileId" UUID NOT NULL,
    "workflowId" TEXT NOT NULL,
    "status" "DealStatus" NOT NULL DEFAULT 'DRAFT',
    "mode" "DealMode" NOT NULL,
    "pricingMethod" "PricingMethod" NOT NULL,
    "title" TEXT NOT NULL,
    "counterpartyName" TEXT NOT NULL,
    "counterpartyCreditCode" TEXT NOT NULL,
    "terms" JSONB NOT NULL,
    "totalValueFen" BIGINT NOT NULL DEFAULT 0,
    "approvalTier" JSONB,
    "exchangeResult" JSONB,
    "techContractRegNo" TEXT,
    "signedOn" TEXT,
    "effectiveOn" TEXT,
    "expiresOn" TEXT,
    "currentStepKey" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "submittedAt" TIMESTAMPTZ(3),
    "closedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IpDeal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DealAsset" (
    "dealId" UUID NOT NULL,
    "ipAssetId" UUID NOT NULL,
    "allocationBp" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "DealAsset_pkey" PRIMARY KEY ("dealId","ipAssetId")
);

-- CreateTable
CREATE TABLE "DealTeamMember" (
    "id" UUID NOT NULL,
    "dealId" UUID NOT NULL,
    "personId" UUID,
    "name" TEXT NOT NULL,
    "contributionShareBp" INTEGER NOT NULL,
    "mainContributor" BOOLEAN NOT NULL DEFAULT false,
    "counterpartyInterest" TEXT,
    "position" INTEGER NOT NULL,

    CONSTRAINT "DealTeamMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DealObligation" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "dealId" UUID NOT NULL,
    "kind" "ObligationKind" NOT NULL,
    "label" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "dueOn" TEXT,
    "status" "ObligationStatus" NOT NULL DEFAULT 'PENDING',
    "eventOn" TEXT,
    "invoicedOn" TEXT,
    "paidOn" TEXT,
    "paidFen" BIGINT,
    "position" INTEGER NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DealObligation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoyaltyPeriod" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "dealId" UUID NOT NULL,
    "periodStart" TEXT NOT NULL,
    "periodEnd" TEXT NOT NULL,
    "reportDueOn" TEXT NOT NULL,
    "status" "RoyaltyPeriodStatus" NOT NULL DEFAULT 'DUE',
    "netSalesFen" BIGINT,
    "royaltyFen" BIGINT,
    "reportDocumentId" UUID,
    "reportedAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RoyaltyPeriod_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DealAmendment" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "dealId" UUID NOT NULL,
    "status" "AmendmentStatus" NOT NULL DEFAULT 'PENDING',
    "reason" TEXT NOT NULL,
    "terms" JSONB NOT NULL,
    "totalValueFen" BIGINT NOT NULL,
    "requestedById" UUID NOT NULL,
    "decidedById" UUID,
    "requestedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMPTZ(3),

    CONSTRAINT "DealAmendment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IncomeEvent" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "institutionId" UUID NOT NULL,
    "dealId" UUID NOT NULL,
    "kind" "IncomeKind" NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "receivedOn" TEXT NOT NULL,
    "obligationKey" TEXT,
    "royaltyPeriodKey" TEXT,
    "evidenceDocumentId" UUID,
    "note" TEXT,
    "recordedById" UUID,
    "settlementId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IncomeEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "IpDeal_reference_key" ON "IpDeal"("reference");

-- CreateIndex
CREATE UNIQUE INDEX "IpDeal_workflowId_key" ON "IpDeal"("workflowId");

-- CreateIndex
CREATE INDEX "IpDeal_institutionId_status_updatedAt_idx" ON "IpDeal"("institutionId", "status", "updatedAt");

-- CreateIndex
CREATE INDEX "IpDeal_leadResearcherId_updatedAt_idx" ON "IpDeal"("leadResearcherId", "updatedAt");

-- CreateIndex
CREATE INDEX "IpDeal_caseId_idx" ON "IpDeal"("caseId");

-- CreateIndex
CREATE INDEX "DealAsset_ipAssetId_idx" ON "DealAsset"("ipAssetId");

-- CreateIndex
CREATE INDEX "DealTeamMember_dealId_idx" ON "DealTeamMember"("dealId");

-- CreateIndex
CREATE INDEX "DealTeamMember_personId_idx" ON "DealTeamMember"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "DealObligation_key_key" ON "DealObligation"("key");

-- CreateIndex
CREATE INDEX "DealObligation_dealId_position_idx" ON "DealObligation"("dealId", "position");

-- CreateIndex
CREATE INDEX "DealObligation_status_dueOn_idx" ON "DealObligation"("status", "dueOn");

-- CreateIndex
CREATE UNIQUE INDEX "RoyaltyPeriod_key_key" ON "RoyaltyPeriod"("key");

-- CreateIndex
CREATE INDEX "RoyaltyPeriod_status_reportDueOn_idx" ON "RoyaltyPeriod"("status", "reportDueOn");

-- CreateIndex
CREATE UNIQUE INDEX "RoyaltyPeriod_dealId_periodStart_key" ON "RoyaltyPeriod"("dealId", "periodStart");

-- CreateIndex
CREATE UNIQUE INDEX "DealAmendment_key_key" ON "DealAmendment"("key");

-- CreateIndex
CREATE INDEX "DealAmendment_dealId_requestedAt_idx" ON "DealAmendment"("dealId", "requestedAt");

-- CreateIndex
CREATE UNIQUE INDEX "IncomeEvent_key_key" ON "IncomeEvent"("key");

-- CreateIndex
CREATE INDEX "IncomeEvent_dealId_receivedOn_idx" ON "IncomeEvent"("dealId", "receivedOn");

-- CreateIndex
CREATE INDEX "IncomeEvent_institutionId_receivedOn_idx" ON "IncomeEvent"("institutionId", "receivedOn");

-- CreateIndex
CREATE INDEX "IncomeEvent_settlementId_idx" ON "IncomeEvent"("settlementId");

-- CreateIndex
CREATE INDEX "Document_dealId_kind_idx" ON "Document"("dealId", "kind");

-- CreateIndex
CREATE INDEX "Task_dealId_createdAt_idx" ON "Task"("dealId", "createdAt");

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_dealId_fkey" FOREIGN KEY ("dealId") REFERENCES "IpDeal"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "SpinoutCase"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_dealId_fkey" FOREIGN KEY ("dealId") REFERENCES "IpDeal"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notice" ADD CONSTRAINT "Notice_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "SpinoutCase"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notice" ADD CONSTRAINT "Notice_dealId_fkey" FOREIGN KEY ("dealId") REFERENCES "IpDeal"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IpDeal" ADD CONSTRAINT "IpDeal_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IpDeal" ADD CONSTRAINT "IpDeal_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "SpinoutCase"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IpDeal" ADD CONSTRAINT "IpDeal_leadResearcherId_fkey" FOREIGN KEY ("leadResearcherId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IpDeal" ADD CONSTRAINT "IpDeal_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IpDeal" ADD CONSTRAINT "IpDeal_policyProfileId_fkey" FOREIGN KEY ("policyProfileId") REFERENCES "PolicyProfile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DealAsset" ADD CONSTRAINT "DealAsset_dealId_fkey" FOREIGN KEY ("dealId") REFERENCES "IpDeal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DealAsset" ADD CONSTRAINT "DealAsset_ipAssetId_fkey" FOREIGN KEY ("ipAssetId") REFERENCES "IpAsset"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DealTeamMember" ADD CONSTRAINT "DealTeamMember_dealId_fkey" FOREIGN KEY ("dealId") REFERENCES "IpDeal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DealObligation" ADD CONSTRAINT "DealObligation_dealId_fkey" FOREIGN KEY ("dealId") REFERENCES "IpDeal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoyaltyPeriod" ADD CONSTRAINT "RoyaltyPeriod_dealId_fkey" FOREIGN KEY ("dealId") REFERENCES "IpDeal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DealAmendment" ADD CONSTRAINT "DealAmendment_dealId_fkey" FOREIGN KEY ("dealId") REFERENCES "IpDeal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncomeEvent" ADD CONSTRAINT "IncomeEvent_dealId_fkey" FOREIGN KEY ("dealId") REFERENCES "IpDeal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

