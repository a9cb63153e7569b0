-- CreateIndex
CREATE INDEX "Task_institutionId_escalated_escalationRole_state_idx" ON "Task"("institutionId", "escalated", "escalationRole", "state");

-- CreateIndex
CREATE INDEX "Task_institutionId_candidateRole_departmentId_state_idx" ON "Task"("institutionId", "candidateRole", "departmentId", "state");

