import shenzhenJson from '../../seeds/packs/shenzhen-ai-pioneer-2024.json';
import { ageInMonthsWithin, assessApplication, packVersionAt, parsePolicyPack, type ApplicantProfile } from './index';

// Measure 15: the company's age on the day of receipt (Asia/Shanghai) is 6 to 48 months, to the day,
// with month ends handled; the bounds come from the pack (m15.min/maxMonthsSinceRegistration).
const pack = parsePolicyPack(shenzhenJson);
const form = {
  unifiedSocialCreditCode: '91440300MA5G000000',
  founderName: '林晓',
  founderIsReturnee: true,
  tier: 'second',
  overseasDegree: 'doc-degree',
  businessPlan: 'doc-plan',
};
const founder = (registeredOn: string): ApplicantProfile => ({
  organisationId: 'org-1',
  kind: 'enterprise',
  isStartup: true,
  district: 'nanshan',
  registeredOn,
});
const codes = (registeredOn: string, receivedAt: string): string[] =>
  assessApplication(packVersionAt(pack, new Date(receivedAt)), {
    measureCode: 'm15',
    subtypeCode: 'm15',
    form,
    applicant: founder(registeredOn),
    receivedAt,
  }).ineligibility.map((r) => r.code);
const ok = (registeredOn: string, receivedAt: string): boolean => codes(registeredOn, receivedAt).length === 0;

describe('ageInMonthsWithin', () => {
  it.each([
    // registered, on, eligible for 6..48 months
    ['2024-08-31', '2025-02-27', false], // the day before the last day of February
    ['2024-08-31', '2025-02-28', true], // 6 months reached on the last day of February
    ['2023-08-31', '2024-02-28', false], // a leap year: February has a 29th
    ['2023-08-31', '2024-02-29', true],
    ['2024-08-30', '2025-02-28', true], // 30 August also reaches 6 months on 28 February
    ['2024-06-15', '2024-12-14', false],
    ['2024-06-15', '2024-12-15', true],
    ['2020-08-31', '2024-08-31', true], // exactly 48 months
    ['2020-08-31', '2024-09-01', false],
    ['2020-02-29', '2024-02-29', true], // 48 months from a 29 February
    ['2020-02-29', '2024-03-01', false],
    ['2021-02-28', '2025-02-28', true],
    ['2021-02-28', '2025-03-01', false],
  ])('registered %s, on %s: %s', (since, on, within) => {
    expect(ageInMonthsWithin(since, on, 6, 48)).toBe(within);
  });

  it('leaves an end open when its bound is absent', () => {
    expect(ageInMonthsWithin('2000-01-31', '2025-01-01', 6, undefined)).toBe(true);
    expect(ageInMonthsWithin('2025-01-31', '2025-02-01', undefined, 48)).toBe(true);
  });
});

describe('measure 15: company age on the day of receipt in Asia/Shanghai', () => {
  it('counts the day of receipt in Shanghai, not in UTC', () => {
    // 2025-02-27T16:00Z is already 28 February in Shanghai: 6 months since 31 August are reached.
    expect(ok('2024-08-31', '2025-02-27T16:00:00Z')).toBe(true);
    expect(codes('2024-08-31', '2025-02-27T15:59:59Z')).toEqual(['m15.registrationWindow']);
    // The upper end the same way: 48 months from 2021-02-28 end with 2025-02-28 in Shanghai.
    expect(ok('2021-02-28', '2025-02-28T15:59:59Z')).toBe(true);
    expect(codes('2021-02-28', '2025-02-28T16:00:00Z')).toEqual(['m15.registrationWindow']);
  });

  it('takes its bounds from the pack', () => {
    const params = pack.parameters;
    expect(params['m15.minMonthsSinceRegistration']).toMatchObject({ value: 6, unit: 'months' });
    expect(params['m15.maxMonthsSinceRegistration']).toMatchObject({ value: 48, unit: 'months' });
    const longer = parsePolicyPack({
      ...shenzhenJson,
      parameters: { ...shenzhenJson.parameters, 'm15.maxMonthsSinceRegistration': { ...params['m15.maxMonthsSinceRegistration'], value: 60 } },
    });
    const r = assessApplication(packVersionAt(longer, new Date('2025-06-01T10:00:00+08:00')), {
      measureCode: 'm15',
      subtypeCode: 'm15',
      form,
      applicant: founder('2020-06-01'),
      receivedAt: '2025-06-01T10:00:00+08:00',
    });
    expect(r.eligible).toBe(true);
    expect(codes('2020-06-01', '2025-06-01T10:00:00+08:00')).toEqual(['m15.registrationWindow']);
  });
});
