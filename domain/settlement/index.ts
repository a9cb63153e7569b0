/**
 * Benefit-sharing settlement (收益分配): pure rules for workflows, activities and the API.
 * computeSettlement → ledgerEntriesFor / payoutEntriesFor / reversalEntriesFor → reports,
 * statementFor. No clock, no I/O: dates are arguments.
 */
export * from './income-class';
export * from './conversion-mode';
export * from './settlement-errors';
export * from './settlement-format';
export * from './settlement-input';
export * from './settlement-result';
export * from './tax-info';
export * from './split-team-reward';
export * from './settlement-approver-for';
export * from './compute-settlement';
export * from './ledger-entry';
export * from './ledger-entries-for';
export * from './reversal-entries-for';
export * from './ledger-balance';
export * from './merge-ledger-entries';
export * from './settlement-reports';
export * from './annual-conversion-report';
export * from './report-csv';
export * from './statement-for';
