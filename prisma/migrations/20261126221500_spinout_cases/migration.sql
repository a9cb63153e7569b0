-- CreateEnum
CREATE TYPE "Role" AS ENUM ('RESEARCHER', 'DEPT_HEAD', 'TTO_OFFICER', 'HR_OFFICER', 'FINANCE_OFFICER', 'LEADERSHIP', 'INSTITUTION_ADMIN');

-- CreateEnum
CREATE TYPE "CalendarDayKind" AS ENUM ('HOLIDAY', 'WORKDAY');

-- CreateEnum
CREATE TYPE "CaseStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'IN_REVIEW', 'RETURNED', 'PUBLICITY', 'OBJECTION_REVIEW', 'AGREEMENT', 'SIGNED', 'REJECTED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "SpinoutMode" AS ENUM ('LEAVE', 'PART_TIME');

-- CreateEnum
CREATE TYPE "IpAssetKind" AS ENUM ('PATENT', 'SOFTWARE_COPYRIGHT', 'KNOW_HOW', 'OTHER');

-- CreateEnum
CREATE TYPE "DocumentKind" AS ENUM ('ATTACHMENT', 'AGREEMENT_DRAFT', 'SIGNED_AGREEMENT', 'EVIDENCE');

-- CreateEnum
CREATE TYPE "TaskKind" AS ENUM ('APPROVAL', 'RESUBMIT', 'OBJECTION_REVIEW', 'SIGN_AGREEMENT', 'ESCALATION');

-- CreateEnum
CREATE TYPE "TaskState" AS ENUM ('OPEN', 'CLAIMED', 'DONE', 'CANCELLED');

-- CreateEnum
CREATE TYPE "NoticeStatus" AS ENUM ('OPEN', 'PAUSED', 'CLOSED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "ObjectionStatus" AS ENUM ('OPEN', 'DISMISSED', 'UPHELD');

-- CreateTable
CREATE TABLE "Institution" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameEn" TEXT,
    "province" TEXT,
    "webhookUrl" TEXT,
    "webhookSecret" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Institution_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Department" (
    "id" UUID NOT NULL,
    "institutionId" UUID NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "Department_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Person" (
    "id" UUID NOT NULL,
    "institutionId" UUID NOT NULL,
    "departmentId" UUID,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "roles" "Role"[],
    "holdsLeadershipPost" BOOLEAN NOT NULL DEFAULT false,
    "isMajorProjectPI" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PolicyProfile" (
    "id" UUID NOT NULL,
    "institutionId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "rules" JSONB NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PolicyProfile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CalendarDay" (
    "date" TEXT NOT NULL,
    "kind" "CalendarDayKind" NOT NULL,
    "name" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CalendarDay_pkey" PRIMARY KEY ("date")
);

-- CreateTable
CREATE TABLE "MakerSpace" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "address" TEXT,
    "province" TEXT,

    CONSTRAINT "MakerSpace_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SpinoutCase" (
    "id" UUID NOT NULL,
    "reference" TEXT NOT NULL,
    "institutionId" UUID NOT NULL,
    "researcherId" UUID NOT NULL,
    "departmentId" UUID,
    "policyProfileId" UUID NOT NULL,
    "makerSpaceId" UUID,
    "workflowId" TEXT NOT NULL,
    "status" "CaseStatus" NOT NULL DEFAULT 'DRAFT',
    "mode" "SpinoutMode" NOT NULL,
    "title" TEXT NOT NULL,
    "request" JSONB NOT NULL,
    "currentStepKey" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "submittedAt" TIMESTAMPTZ(3),
    "closedAt" TIMESTAMPTZ(3),
    "signingDate" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SpinoutCase_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseTeamMember" (
    "id" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "personId" UUID,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "contributionShareBp" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "CaseTeamMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IpAsset" (
    "id" UUID NOT NULL,
    "institutionId" UUID NOT NULL,
    "caseId" UUID,
    "kind" "IpAssetKind" NOT NULL,
    "title" TEXT NOT NULL,
    "number" TEXT,
    "ownership" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "IpAsset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Document" (
    "id" UUID NOT NULL,
    "institutionId" UUID NOT NULL,
    "caseId" UUID,
    "kind" "DocumentKind" NOT NULL,
    "documentKey" TEXT NOT NULL,
    "objectKey" TEXT NOT NULL,
    "versionId" TEXT,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "retainUntil" TIMESTAMPTZ(3),
    "uploadedById" UUID,
    "uploadedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "idempotencyKey" TEXT,

    CONSTRAINT "Document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Task" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "institutionId" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "kind" "TaskKind" NOT NULL,
    "stepKey" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "assigneeId" UUID,
    "candidateRole" "Role",
    "departmentId" UUID,
    "escalationRole" "Role",
    "dueAt" TIMESTAMPTZ(3),
    "priority" INTEGER NOT NULL DEFAULT 0,
    "state" "TaskState" NOT NULL DEFAULT 'OPEN',
    "escalated" BOOLEAN NOT NULL DEFAULT false,
    "decision" TEXT,
    "comment" TEXT,
    "decidedById" UUID,
    "decidedAt" TIMESTAMPTZ(3),
    "delegatedFrom" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notice" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "institutionId" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "status" "NoticeStatus" NOT NULL DEFAULT 'OPEN',
    "startsOn" TEXT NOT NULL,
    "endsOn" TEXT NOT NULL,
    "publishedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Notice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Objection" (
    "id" UUID NOT NULL,
    "noticeId" UUID NOT NULL,
    "name" TEXT,
    "contact" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" "ObjectionStatus" NOT NULL DEFAULT 'OPEN',
    "resolution" TEXT,
    "resolvedById" UUID,
    "filedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Objection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "personId" UUID NOT NULL,
    "institutionId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "link" TEXT,
    "caseId" UUID,
    "readAt" TIMESTAMPTZ(3),
    "emailedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Delivery" (
    "key" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "externalId" TEXT,
    "sentAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Delivery_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "Institution_code_key" ON "Institution"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Department_institutionId_name_key" ON "Department"("institutionId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Person_email_key" ON "Person"("email");

-- CreateIndex
CREATE INDEX "Person_institutionId_idx" ON "Person"("institutionId");

-- CreateIndex
CREATE UNIQUE INDEX "PolicyProfile_institutionId_version_key" ON "PolicyProfile"("institutionId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "MakerSpace_name_key" ON "MakerSpace"("name");

-- CreateIndex
CREATE UNIQUE INDEX "SpinoutCase_reference_key" ON "SpinoutCase"("reference");

-- CreateIndex
CREATE UNIQUE INDEX "SpinoutCase_workflowId_key" ON "SpinoutCase"("workflowId");

-- CreateIndex
CREATE INDEX "SpinoutCase_institutionId_status_updatedAt_idx" ON "SpinoutCase"("institutionId", "status", "updatedAt");

-- CreateIndex
CREATE INDEX "SpinoutCase_researcherId_updatedAt_idx" ON "SpinoutCase"("researcherId", "updatedAt");

-- CreateIndex
CREATE INDEX "CaseTeamMember_caseId_idx" ON "CaseTeamMember"("caseId");

-- CreateIndex
CREATE INDEX "IpAsset_caseId_idx" ON "IpAsset"("caseId");

-- CreateIndex
CREATE UNIQUE INDEX "Document_idempotencyKey_key" ON "Document"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Document_caseId_kind_idx" ON "Document"("caseId", "kind");

-- CreateIndex
CREATE INDEX "Document_documentKey_uploadedAt_idx" ON "Document"("documentKey", "uploadedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Task_key_key" ON "Task"("key");

-- CreateIndex
CREATE INDEX "Task_assigneeId_state_dueAt_idx" ON "Task"("assigneeId", "state", "dueAt");

-- CreateIndex
CREATE INDEX "Task_institutionId_candidateRole_state_dueAt_idx" ON "Task"("institutionId", "candidateRole", "state", "dueAt");

-- CreateIndex
CREATE INDEX "Task_caseId_createdAt_idx" ON "Task"("caseId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Notice_key_key" ON "Notice"("key");

-- CreateIndex
CREATE INDEX "Notice_status_publishedAt_idx" ON "Notice"("status", "publishedAt");

-- CreateIndex
CREATE INDEX "Objection_noticeId_idx" ON "Objection"("noticeId");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_key_key" ON "Notification"("key");

-- CreateIndex
CREATE INDEX "Notification_personId_readAt_createdAt_idx" ON "Notification"("personId", "readAt", "createdAt");

-- AddForeignKey
ALTER TABLE "Department" ADD CONSTRAINT "Department_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Person" ADD CONSTRAINT "Person_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Person" ADD CONSTRAINT "Person_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyProfile" ADD CONSTRAINT "PolicyProfile_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SpinoutCase" ADD CONSTRAINT "SpinoutCase_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SpinoutCase" ADD CONSTRAINT "SpinoutCase_researcherId_fkey" FOREIGN KEY ("researcherId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SpinoutCase" ADD CONSTRAINT "SpinoutCase_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SpinoutCase" ADD CONSTRAINT "SpinoutCase_policyProfileId_fkey" FOREIGN KEY ("policyProfileId") REFERENCES "PolicyProfile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SpinoutCase" ADD CONSTRAINT "SpinoutCase_makerSpaceId_fkey" FOREIGN KEY ("makerSpaceId") REFERENCES "MakerSpace"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseTeamMember" ADD CONSTRAINT "CaseTeamMember_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "SpinoutCase"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IpAsset" ADD CONSTRAINT "IpAsset_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "SpinoutCase"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "SpinoutCase"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "SpinoutCase"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notice" ADD CONSTRAINT "Notice_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notice" ADD CONSTRAINT "Notice_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "SpinoutCase"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Objection" ADD CONSTRAINT "Objection_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "Notice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

