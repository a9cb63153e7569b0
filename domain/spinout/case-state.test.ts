import { describe, expect, it } from 'vitest';
import { AppError, httpStatusFor } from '../errors';
import {
  allowedTransitions,
  assertTransition,
  CASE_STATUSES,
  canTransition,
  canWithdraw,
  isTerminalStatus,
  type CaseStatus,
} from './case-state';

describe('case state machine', () => {
  it('walks the happy path', () => {
    const path: CaseStatus[] = ['DRAFT', 'SUBMITTED', 'IN_REVIEW', 'PUBLICITY', 'AGREEMENT', 'SIGNED'];
    for (let i = 1; i < path.length; i += 1) expect(() => assertTransition(path[i - 1]!, path[i]!)).not.toThrow();
  });

  it('returns for changes and resumes, and pauses publicity for an objection', () => {
    expect(canTransition('IN_REVIEW', 'RETURNED')).toBe(true);
    expect(canTransition('RETURNED', 'SUBMITTED')).toBe(true);
    expect(canTransition('PUBLICITY', 'OBJECTION_REVIEW')).toBe(true);
    expect(canTransition('OBJECTION_REVIEW', 'PUBLICITY')).toBe(true);
    expect(canTransition('OBJECTION_REVIEW', 'REJECTED')).toBe(true);
  });

  it('refuses skipping steps, reopening closed cases and same-status moves', () => {
    for (const [from, to] of [
      ['DRAFT', 'IN_REVIEW'],
      ['IN_REVIEW', 'AGREEMENT'],
      ['PUBLICITY', 'SIGNED'],
      ['SIGNED', 'WITHDRAWN'],
      ['REJECTED', 'SUBMITTED'],
      ['IN_REVIEW', 'IN_REVIEW'],
    ] as const) {
      expect(canTransition(from, to), `${from} → ${to}`).toBe(false);
    }
  });

  it('throws INVALID_TRANSITION with from, to and the allowed statuses', () => {
    try {
      assertTransition('PUBLICITY', 'SIGNED');
      expect.fail('should have thrown');
    } catch (error) {
      expect(AppError.is(error, 'INVALID_TRANSITION')).toBe(true);
      const appError = error as AppError;
      expect(appError.message).toBe('A case cannot move from PUBLICITY to SIGNED (allowed: AGREEMENT, OBJECTION_REVIEW, WITHDRAWN)');
      expect(appError.details).toEqual({ from: 'PUBLICITY', to: 'SIGNED', allowed: ['AGREEMENT', 'OBJECTION_REVIEW', 'WITHDRAWN'] });
      expect(httpStatusFor(appError.code)).toBe(409);
    }
    expect(() => assertTransition('WITHDRAWN', 'DRAFT')).toThrow('(it is closed)');
  });

  it('allows withdrawal until signing', () => {
    const withdrawable = CASE_STATUSES.filter(canWithdraw);
    expect(withdrawable).toEqual(['DRAFT', 'SUBMITTED', 'IN_REVIEW', 'RETURNED', 'PUBLICITY', 'OBJECTION_REVIEW', 'AGREEMENT']);
  });

  it('has exactly three terminal statuses and every status reachable from DRAFT', () => {
    expect(CASE_STATUSES.filter(isTerminalStatus)).toEqual(['SIGNED', 'REJECTED', 'WITHDRAWN']);
    const reached = new Set<CaseStatus>(['DRAFT']);
    const queue: CaseStatus[] = ['DRAFT'];
    for (let status = queue.shift(); status !== undefined; status = queue.shift()) {
      for (const next of allowedTransitions(status)) {
        if (!reached.has(next)) queue.push(next);
        reached.add(next);
      }
    }
    expect([...reached].sort()).toEqual([...CASE_STATUSES].sort());
  });
});
