-- AlterTable
ALTER TABLE "DealObligation" ADD COLUMN     "waivedById" UUID,
ADD COLUMN     "waivedFen" BIGINT,
ADD COLUMN     "waivedOn" TEXT,
ADD COLUMN     "waiverReason" TEXT;

