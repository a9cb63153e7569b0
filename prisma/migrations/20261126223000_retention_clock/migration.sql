-- CreateEnum
CREATE TYPE "ClockStatus" AS ENUM ('ACTIVE', 'AWAITING_CHOICE', 'OUTCOME_PENDING', 'RETURNED', 'RESIGNED', 'TERMINATED');

-- CreateTable
CREATE TABLE "RetentionClock" (
    "caseId" UUID NOT NULL,
    "institutionId" UUID NOT NULL,
    "researcherId" UUID NOT NULL,
    "status" "ClockStatus" NOT NULL,
    "signingDate" TEXT NOT NULL,
    "months" INTEGER NOT NULL,
    "expiryDate" TEXT NOT NULL,
    "extensionsUsed" INTEGER NOT NULL DEFAULT 0,
    "profileVersion" INTEGER NOT NULL,
    "pendingRequest" TEXT,
    "choice" TEXT,
    "escalated" BOOLEAN NOT NULL DEFAULT false,
    "outcome" JSONB,
    "annualReports" JSONB NOT NULL,
    "nextEventKind" TEXT,
    "nextEventAt" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RetentionClock_pkey" PRIMARY KEY ("caseId")
);

-- CreateIndex
CREATE INDEX "RetentionClock_institutionId_status_expiryDate_idx" ON "RetentionClock"("institutionId", "status", "expiryDate");

-- AddForeignKey
ALTER TABLE "RetentionClock" ADD CONSTRAINT "RetentionClock_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "SpinoutCase"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

