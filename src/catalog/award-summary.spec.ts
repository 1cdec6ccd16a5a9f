import shenzhenJson from '../../seeds/packs/shenzhen-ai-pioneer-2024.json';
import { findSubtype, packVersionAt, parsePolicyPack } from '../domain';
import { summariseAward } from './award-summary';

// What the catalog tells an applicant about each kind of award rule, read against the policy text.
const shenzhen = parsePolicyPack(shenzhenJson);
const rules = packVersionAt(shenzhen, new Date('2025-06-01T00:00:00+08:00'));
const summary = (measure: string, subtype: string) => summariseAward(rules, findSubtype(rules, measure, subtype)!);

describe('award summaries in the catalog', () => {
  it('rate of base: 训力券 50% of the contract, startups 60%, at most 1,000万元', () => {
    const s = summary('m2', 'm2');
    expect(s).toMatchObject({ kind: 'rateOfBase', rateBp: 5000, capFen: '1000000000', baseField: 'contractAmountFen', officerSet: false });
    expect(s.text.en).toMatch(/^50% of .*startup: 60%; at most CNY 10,000,000\.00$/);
    expect(s.text.zh).toMatch(/50%.*初创企业按 60%.*最高 10,000,000\.00 元/);
  });

  it('rate of base from parameters: measure 17 placeholders resolve to numbers', () => {
    expect(summary('m17', 'm17-guarantee-fee')).toMatchObject({ rateBp: 5000, capFen: '50000000' });
  });

  it('matching: a national industry innovation centre is matched up to 1:1, with no cap in the text', () => {
    const s = summary('m12', 'm12-national');
    expect(s).toMatchObject({ kind: 'matching', ratio: { num: 1, den: 1 }, capFen: null });
    expect(s.text.en).toMatch(/^Matched 1:1 on .*; no cap$/);
  });

  it('fixed and fixed tiers: a recognised park 200万; returnee founders 100万 / 50万 / 30万', () => {
    expect(summary('m14', 'm14-park')).toMatchObject({ kind: 'fixed', amountFen: '200000000' });
    expect(summary('m14', 'm14-park').text.en).toBe('A fixed award of CNY 2,000,000.00');
    const tiers = summary('m15', 'm15');
    expect(tiers.tiers?.map((t) => [t.value, t.amountFen])).toEqual([
      ['first', '100000000'],
      ['second', '50000000'],
      ['third', '30000000'],
    ]);
  });

  it('officer-set: the reviewing bureau sets the amount under the cap, per year for open corpora', () => {
    expect(summary('m6', 'm6')).toMatchObject({ kind: 'officerSet', capFen: '500000000', officerSet: true, requestedField: 'requestedAmountFen' });
    expect(summary('m3', 'm3b').text.en).toBe('The reviewing bureau sets the amount, at most CNY 1,000,000.00 per applicant per year');
  });

  it('graded: lab evaluations rated good or excellent earn up to 300万, other grades nothing', () => {
    const s = summary('m13', 'm13-eval');
    expect(s.grades?.filter((g) => g.rewarded).map((g) => g.value)).toEqual(['excellent', 'good']);
    expect(s.capFen).toBe('300000000');
    expect(s.text.en).toContain('other grades earn nothing');
  });

  it('none: rent-free incubator space is not money', () => {
    expect(summary('m14', 'm14-incubator')).toMatchObject({ kind: 'none', capFen: null, amountFen: null });
  });
});
