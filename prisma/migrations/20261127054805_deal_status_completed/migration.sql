-- AlterEnum
ALTER TYPE "DealStatus" ADD VALUE 'COMPLETED';

