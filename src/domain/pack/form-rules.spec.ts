import shenzhenJson from '../../../seeds/packs/shenzhen-ai-pioneer-2024.json';
import { checkFormRules, formJsonSchema, formRuleText, validateApplicationForm } from './forms';
import { packVersionAt, parsePolicyPack, PolicyPackError } from '../index';

type Json = ReturnType<typeof JSON.parse>;
const M2 = [1, 0];
const M10 = [9, 0];
const M18 = [17, 0];

/** The Shenzhen pack with the given form rules on measure 2, 10 and 18 (and none seeded, whatever the seeds say). */
function packWith(rules: { at: number[]; formRules: unknown[] }[]): Json {
  const json = JSON.parse(JSON.stringify(shenzhenJson)) as Json;
  for (const v of json.versions) for (const m of v.measures ?? []) for (const s of m.subtypes ?? []) delete s.formRules;
  for (const r of rules) json.versions[0].measures[r.at[0]!].subtypes[r.at[1]!].formRules = r.formRules;
  return json;
}

const rulesOf = (json: Json) => packVersionAt(parsePolicyPack(json), new Date('2025-01-01T00:00:00+08:00'));

const seeded = rulesOf(
  packWith([
    { at: M2, formRules: [{ kind: 'notAfterReceipt', field: 'contractSignedOn' }] },
    { at: M10, formRules: [{ kind: 'atMostField', field: 'enterpriseShareFeeFen', other: 'totalServiceFeeFen' }] },
    { at: M18, formRules: [{ kind: 'atMostField', field: 'eventStartOn', other: 'eventEndOn' }] },
  ]),
);
const subtype = (measure: string, code: string) => seeded.measures.find((m) => m.code === measure)!.subtypes.find((s) => s.code === code)!;

const m2 = {
  projectName: '灵犀-7B 预训练',
  modelName: 'Lingxi-7B',
  computeProvider: '鹏城云脑',
  contractNumber: 'PCL-2025-0042',
  contractSignedOn: '2025-03-01',
  contractAmountFen: '123456789',
  contractDocument: 'doc-1',
  invoiceDocument: 'doc-2',
  nationalOrProvincialFunding: false,
};
const m10 = {
  innovationCentreName: '国产生态创新中心',
  centreQualified: true,
  serviceType: 'migration',
  serviceContractNumber: 'QY-1',
  totalServiceFeeFen: '3000000',
  enterpriseShareFeeFen: '2000000',
  contractDocument: 'doc-1',
  invoiceDocument: 'doc-2',
  nationalOrProvincialFunding: false,
};

describe('form rules: what the form alone decides, refused at the field', () => {
  it('takes a date on or before the receipt date, and refuses one after it, naming the date in both languages', () => {
    const rules = subtype('m2', 'm2');
    expect(checkFormRules(rules, m2, '2025-03-01')).toEqual([]);
    expect(checkFormRules(rules, { ...m2, contractSignedOn: '2025-02-28' }, '2025-03-01')).toEqual([]);
    expect(checkFormRules(rules, { ...m2, contractSignedOn: '2025-03-02' }, '2025-03-01')).toEqual([
      {
        path: 'form.contractSignedOn',
        zh: '合同签订日期不得晚于申请受理日期（2025-03-01）',
        message: '“Contract signed on” cannot be later than the day the application is received (2025-03-01)',
      },
    ]);
  });

  it('takes a part up to its whole and refuses one fen more, compared as whole fen, not as text or floats', () => {
    const rules = subtype('m10', 'm10');
    expect(checkFormRules(rules, { ...m10, enterpriseShareFeeFen: '3000000' }, '2025-03-01')).toEqual([]);
    // As text "900" > "3000000"; as amounts it is less.
    expect(checkFormRules(rules, { ...m10, enterpriseShareFeeFen: '900' }, '2025-03-01')).toEqual([]);
    expect(checkFormRules(rules, { ...m10, totalServiceFeeFen: '9007199254740993', enterpriseShareFeeFen: '9007199254740994' }, '2025-03-01')).toHaveLength(1);
    expect(checkFormRules(rules, { ...m10, enterpriseShareFeeFen: '3000001' }, '2025-03-01')).toEqual([
      {
        path: 'form.enterpriseShareFeeFen',
        zh: '其中企业承担部分不得大于服务费用总额',
        message: '“Part of the fee the enterprise bears” cannot exceed “Total service fee”',
      },
    ]);
  });

  it('orders two dates of the form: an end not before its start', () => {
    const rules = subtype('m18', 'm18');
    const base = { eventStartOn: '2025-05-01', eventEndOn: '2025-05-03' };
    expect(checkFormRules(rules, base, '2025-06-01')).toEqual([]);
    expect(checkFormRules(rules, { ...base, eventEndOn: '2025-05-01' }, '2025-06-01')).toEqual([]);
    expect(checkFormRules(rules, { ...base, eventEndOn: '2025-04-30' }, '2025-06-01').map((i) => i.path)).toEqual(['form.eventStartOn']);
  });

  it('has nothing to judge over a field left empty', () => {
    expect(checkFormRules(subtype('m18', 'm18'), { eventStartOn: '2025-05-01' }, '2025-06-01')).toEqual([]);
  });

  it('refuses a submission breaking a rule as a field error, and checks no rule without a receipt date', () => {
    const late = { ...m2, contractSignedOn: '2030-01-01' };
    const r = validateApplicationForm(seeded, 'm2', 'm2', late, '2025-03-01');
    expect(r).toEqual({ ok: false, issues: [expect.objectContaining({ path: 'form.contractSignedOn' })] });
    expect(validateApplicationForm(seeded, 'm2', 'm2', late).ok).toBe(true);
    // A form that is wrong in shape reports that first; rules judge only well-formed values.
    const bad = validateApplicationForm(seeded, 'm2', 'm2', { ...late, contractAmountFen: '12.5' }, '2025-03-01');
    expect(bad.ok ? [] : bad.issues.map((i) => i.path)).toEqual(['form.contractAmountFen']);
  });

  it("publishes each rule and its words in the form's JSON Schema, for the pages to check before submitting", () => {
    const schema = formJsonSchema(seeded, 'm10', 'm10') as Record<string, unknown>;
    expect(schema['x-form-rules']).toEqual([
      {
        kind: 'atMostField',
        field: 'enterpriseShareFeeFen',
        other: 'totalServiceFeeFen',
        text: formRuleText(subtype('m10', 'm10'), { kind: 'atMostField', field: 'enterpriseShareFeeFen', other: 'totalServiceFeeFen' }),
      },
    ]);
    expect(schema['x-time-zone']).toBe('Asia/Shanghai');
  });
});

describe('form rules are checked when the pack loads', () => {
  const problems = (formRules: unknown[], at = M10): string[] => {
    try {
      parsePolicyPack(packWith([{ at, formRules }]));
    } catch (e) {
      if (e instanceof PolicyPackError) return e.issues.map((i) => `${i.path}: ${i.message}`);
      throw e;
    }
    return [];
  };
  const path = 'versions.0.measures.9.subtypes.0.formRules.0';

  it('refuses a rule over a field the form lacks, or over fields of different kinds', () => {
    expect(problems([{ kind: 'atMostField', field: 'shareFen', other: 'totalServiceFeeFen' }])).toContain(
      `${path}.field: field shareFen is not in the form of m10`,
    );
    expect(problems([{ kind: 'atMostField', field: 'enterpriseShareFeeFen', other: 'serviceContractNumber' }])).toContain(
      `${path}.other: field serviceContractNumber is of type text; expected fen`,
    );
    expect(problems([{ kind: 'atMostField', field: 'totalServiceFeeFen', other: 'totalServiceFeeFen' }])).toContain(
      `${path}.other: a field cannot be compared with itself`,
    );
  });

  it('refuses a receipt-date rule over a field that is no date', () => {
    expect(problems([{ kind: 'notAfterReceipt', field: 'totalServiceFeeFen' }])).toContain(
      `${path}.field: field totalServiceFeeFen is of type fen; expected date or yearMonth`,
    );
  });

  it('refuses a rule of a kind it does not know', () => {
    expect(problems([{ kind: 'notOnSunday', field: 'eventStartOn' }], M18).length).toBeGreaterThan(0);
  });

  it('accepts the rules it knows', () => {
    expect(problems([{ kind: 'atMostField', field: 'enterpriseShareFeeFen', other: 'totalServiceFeeFen' }])).toEqual([]);
  });
});
