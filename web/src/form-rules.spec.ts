import { dayIn, formRuleErrors } from './form-rules';

/** As the catalog publishes measure 2's and 10's forms (the parts these rules read). */
const schema = {
  properties: {
    contractSignedOn: { 'x-field-type': 'date' },
    totalServiceFeeFen: { 'x-field-type': 'fen' },
    enterpriseShareFeeFen: { 'x-field-type': 'fen' },
  },
  'x-time-zone': 'Asia/Shanghai',
  'x-form-rules': [
    {
      kind: 'notAfterReceipt',
      field: 'contractSignedOn',
      text: {
        zh: '合同签订日期不得晚于申请受理日期（{receivedOn}）',
        en: '“Contract signed on” cannot be later than the day the application is received ({receivedOn})',
      },
    },
    {
      kind: 'atMostField',
      field: 'enterpriseShareFeeFen',
      other: 'totalServiceFeeFen',
      text: { zh: '其中企业承担部分不得大于服务费用总额', en: '“Part of the fee the enterprise bears” cannot exceed “Total service fee”' },
    },
  ],
};
// 2025-06-01 23:30 in Beijing, still 2025-06-01 15:30 in UTC.
const NOW = new Date('2025-06-01T15:30:00Z');

describe("the pages' form checks the pack's form rules before submitting", () => {
  it('takes "today" in the policy’s time zone', () => {
    expect(dayIn(new Date('2025-06-01T16:30:00Z'), 'Asia/Shanghai')).toBe('2025-06-02');
    expect(dayIn(NOW, 'Asia/Shanghai')).toBe('2025-06-01');
  });

  it('shows a date after today under its field, naming today, and takes today itself', () => {
    expect(formRuleErrors(schema, { contractSignedOn: '2025-06-01' }, NOW)).toEqual([]);
    expect(formRuleErrors(schema, { contractSignedOn: '2025-06-02' }, NOW)).toEqual([
      {
        field: 'contractSignedOn',
        text: {
          zh: '合同签订日期不得晚于申请受理日期（2025-06-01）',
          en: '“Contract signed on” cannot be later than the day the application is received (2025-06-01)',
        },
      },
    ]);
  });

  it('shows a share above its total under the share, comparing amounts, not text', () => {
    expect(formRuleErrors(schema, { totalServiceFeeFen: '80000000', enterpriseShareFeeFen: '80000000' }, NOW)).toEqual([]);
    expect(formRuleErrors(schema, { totalServiceFeeFen: '80000000', enterpriseShareFeeFen: '900' }, NOW)).toEqual([]);
    expect(formRuleErrors(schema, { totalServiceFeeFen: '80000000', enterpriseShareFeeFen: '80000001' }, NOW).map((e) => e.field)).toEqual([
      'enterpriseShareFeeFen',
    ]);
  });

  it('judges nothing while a field is empty or not yet an amount', () => {
    expect(formRuleErrors(schema, { enterpriseShareFeeFen: '80000001' }, NOW)).toEqual([]);
    expect(formRuleErrors(schema, { totalServiceFeeFen: '8000.5', enterpriseShareFeeFen: '80000001' }, NOW)).toEqual([]);
    expect(formRuleErrors({ properties: {} }, { contractSignedOn: '2099-01-01' }, NOW)).toEqual([]);
  });
});
