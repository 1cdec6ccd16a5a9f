import { caseReference } from './filing';

describe('a case reference', () => {
  it('carries the year the case was received in the pack’s time zone, not UTC', () => {
    // 17:00 UTC on New Year's Eve is already 01:00 on 1 January in Shenzhen.
    expect(caseReference('0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9', new Date('2025-12-31T17:00:00Z'), 'Asia/Shanghai')).toBe('AP-2026-0F1E2D3C4B');
    expect(caseReference('0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9', new Date('2025-12-31T15:59:59Z'), 'Asia/Shanghai')).toBe('AP-2025-0F1E2D3C4B');
  });
});
