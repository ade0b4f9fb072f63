import { retentionCutoffs } from './retention-purge';

const DAY = 24 * 3600_000;
const now = new Date('2026-06-30T16:00:00Z');
const daysBefore = (cutoff: Date) => (now.getTime() - cutoff.getTime()) / DAY;

describe('the retention cutoffs', () => {
  it('follow the configured periods', () => {
    const cutoffs = retentionCutoffs(now, { securityEventsDays: 365, endedSessionsDays: 7, idempotencyKeyHours: 72, mailBodiesDays: 90 });
    expect({
      securityEvents: daysBefore(cutoffs.securityEvents),
      endedSessions: daysBefore(cutoffs.endedSessions),
      idempotencyKeys: daysBefore(cutoffs.idempotencyKeys),
      mailBodies: daysBefore(cutoffs.mailBodies),
    }).toEqual({ securityEvents: 365, endedSessions: 7, idempotencyKeys: 3, mailBodies: 90 });
  });

  it('never reach a security event younger than 180 days, even when told a shorter period', () => {
    for (const days of [0, 30, 179]) {
      expect(daysBefore(retentionCutoffs(now, { securityEventsDays: days, endedSessionsDays: 1, idempotencyKeyHours: 24, mailBodiesDays: 1 }).securityEvents)).toBe(180);
    }
  });
});
