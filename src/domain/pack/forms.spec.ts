import shenzhenJson from '../../../seeds/packs/shenzhen-ai-pioneer-2024.json';
import { documentReferences, formJsonSchema, lookupSubtype, packVersionAt, parsePolicyPack, validateApplicationForm, type FormResult } from '../index';

const rules = packVersionAt(parsePolicyPack(shenzhenJson), new Date('2025-01-01T00:00:00+08:00'));
const valid = {
  datasetName: '交通流量语料',
  datasetId: 'OD-778',
  usageYear: 2025,
  annualUsageCount: 12000,
  meetsScaleQuality: true,
  meetsUpdateFrequency: true,
  meetsApplicationEffect: true,
  usageReport: 'doc-1',
};
const m3b = (form: unknown): FormResult => validateApplicationForm(rules, 'm3', 'm3b', form);
/** One message per field: a field with two messages would show up as a joined string and fail the comparison. */
const issues = (r: FormResult): Record<string, string> => {
  const out: Record<string, string> = {};
  if (!r.ok) for (const i of r.issues) out[i.path] = out[i.path] === undefined ? i.message : `${out[i.path] ?? ''} | ${i.message}`;
  return out;
};

describe('application forms built from the pack', () => {
  it('accepts a valid form and returns it', () => {
    expect(m3b(valid)).toEqual({ ok: true, form: valid });
    expect(m3b({ ...valid, requestedAmountFen: '50000000' }).ok).toBe(true);
  });

  it('refuses unknown fields by name, listing the fields the form has', () => {
    expect(issues(m3b({ ...valid, bankAccount: '123' }))).toEqual({
      'form.bankAccount':
        'unknown field "bankAccount"; the m3b form has: datasetName, datasetId, usageYear, annualUsageCount, meetsScaleQuality, meetsUpdateFrequency, meetsApplicationEffect, requestedAmountFen, usageReport',
    });
  });

  it('names each missing required field', () => {
    const rest = Object.fromEntries(Object.entries(valid).filter(([k]) => k !== 'datasetName' && k !== 'usageReport'));
    expect(issues(m3b(rest))).toEqual({
      'form.datasetName': 'Corpus opened must be text',
      'form.usageReport': 'Yearly shared-use report must be a document reference (the id of an uploaded file)',
    });
  });

  it('checks each field type with a message in the words of its label', () => {
    expect(
      issues(
        m3b({
          ...valid,
          datasetName: '  ',
          usageYear: 2025.5,
          annualUsageCount: '12000',
          meetsScaleQuality: 'yes',
          usageReport: '',
          requestedAmountFen: '500000.00',
        }),
      ),
    ).toEqual({
      'form.datasetName': 'Corpus opened must not be blank',
      'form.usageYear': 'Year of shared use must be a whole number',
      'form.annualUsageCount': 'Times used in the year must be a whole number',
      'form.meetsScaleQuality': 'Meets the scale and quality requirements? must be true or false',
      'form.usageReport': 'Yearly shared-use report must be a document reference (the id of an uploaded file)',
      'form.requestedAmountFen': 'amount must be whole fen with no decimal point (1 yuan = 100 fen; "12.34" yuan is "1234")',
    });
    expect(issues(m3b({ ...valid, usageYear: 2023 }))).toEqual({ 'form.usageYear': 'Year of shared use must be at least 2024' });
    expect(issues(m3b({ ...valid, datasetName: '' }))).toEqual({ 'form.datasetName': 'Corpus opened must not be empty' });
  });

  it('checks dates, enums and fen minimums', () => {
    const m2 = {
      projectName: 'p',
      modelName: 'm',
      computeProvider: 'c',
      contractNumber: 'n',
      contractSignedOn: '2025-02-30',
      contractAmountFen: '0',
      contractDocument: 'd',
      invoiceDocument: 'd',
      nationalOrProvincialFunding: false,
    };
    expect(issues(validateApplicationForm(rules, 'm2', 'm2', m2))).toEqual({
      'form.contractSignedOn': 'Contract signed on is not a real calendar date',
      'form.contractAmountFen': 'Compute service contract amount must be at least CNY 0.01',
    });
    // The Chinese beside each, for the pages to show under a Chinese form.
    const checked = validateApplicationForm(rules, 'm2', 'm2', m2);
    expect(checked.ok ? [] : checked.issues.map((i) => [i.path, i.zh])).toEqual([
      ['form.contractSignedOn', '合同签订日期不是有效的日期'],
      ['form.contractAmountFen', '算力服务合同金额不得少于 0.01 元'],
    ]);
    expect(issues(validateApplicationForm(rules, 'm2', 'm2', { ...m2, contractSignedOn: '1/3/2025', contractAmountFen: '-100' }))).toEqual({
      'form.contractSignedOn': 'Contract signed on must be a date written YYYY-MM-DD',
      'form.contractAmountFen': 'amount must not be negative',
    });
    const m15 = { unifiedSocialCreditCode: 'x', founderName: 'x', founderIsReturnee: true, tier: 'platinum', overseasDegree: 'd', businessPlan: 'd' };
    expect(issues(validateApplicationForm(rules, 'm15', 'm15', m15))).toEqual({ 'form.tier': 'Tier applied for must be one of: first, second, third' });
  });

  it('refuses a form that is not an object', () => {
    expect(m3b(['a'])).toEqual({ ok: false, issues: [{ path: 'form', message: 'the form must be a JSON object of field values' }] });
    expect(m3b(null).ok).toBe(false);
  });
});

describe('JSON Schema of a form', () => {
  it('describes fields, types, required fields and refuses extra properties', () => {
    const s = formJsonSchema(rules, 'm2', 'm2') as {
      title: string;
      type: string;
      required: string[];
      additionalProperties: boolean;
      properties: Record<string, Record<string, unknown>>;
    };
    expect(s.title).toBe('Training-compute voucher: renting intelligent compute to train large models (m2)');
    expect(s.type).toBe('object');
    expect(s.additionalProperties).toBe(false);
    expect(s.required).toContain('contractAmountFen');
    expect(s.required).not.toContain('paymentProofDocument');
    expect(s.properties['contractAmountFen']).toMatchObject({
      type: 'string',
      pattern: '^(0|[1-9][0-9]{0,17})$',
      title: 'Compute service contract amount',
      'x-label': { zh: '算力服务合同金额', en: 'Compute service contract amount' },
      'x-field-type': 'fen',
    });
    expect(s.properties['nationalOrProvincialFunding']).toMatchObject({ type: 'boolean' });
  });

  it('refuses a measure that takes no applications', () => {
    expect(() => formJsonSchema(rules, 'm16', 'm16')).toThrow(/measureCode: .*takes no applications/);
  });
});

describe('the documents a form names', () => {
  it('lists the filled document fields in the form’s order, and nothing else', () => {
    const m2 = lookupSubtype(rules, 'm2', 'm2');
    if (!m2.ok) throw new Error('no m2');
    const form = { projectName: 'doc-not-a-document-field', contractDocument: 'a', invoiceDocument: 'b' };
    expect(documentReferences(m2.subtype, form)).toEqual([
      { field: 'contractDocument', documentId: 'a' },
      { field: 'invoiceDocument', documentId: 'b' },
    ]);
    expect(documentReferences(m2.subtype, { ...form, paymentProofDocument: 'c' }).map((r) => r.field)).toEqual([
      'contractDocument',
      'invoiceDocument',
      'paymentProofDocument',
    ]);
  });
});
