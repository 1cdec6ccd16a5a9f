import shenzhenJson from '../../../seeds/packs/shenzhen-ai-pioneer-2024.json';
import {
  assessApplication,
  integerParameter,
  intakeWindow,
  NoRuleVersionError,
  packVersion,
  packVersionAt,
  parsePolicyPack,
  policyPackJsonSchema,
  PolicyPackError,
  type ApplicantProfile,
  type PolicyPack,
} from '../index';

/** Packs are mutated freely below to break them on purpose. */
type Json = ReturnType<typeof JSON.parse>;

const clone = (): Json => JSON.parse(JSON.stringify(shenzhenJson)) as Json;

function problems(json: unknown): string[] {
  try {
    parsePolicyPack(json);
  } catch (e) {
    if (e instanceof PolicyPackError) return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  throw new Error('expected the pack to be refused');
}

const startup: ApplicantProfile = { organisationId: 'o', kind: 'enterprise', isStartup: false, district: 'futian', registeredOn: '2022-01-01' };
const m2Form = {
  projectName: 'p',
  modelName: 'm',
  computeProvider: 'c',
  contractNumber: 'HT-1',
  contractSignedOn: '2025-01-02',
  contractAmountFen: '1000000',
  contractDocument: 'doc-1',
  invoiceDocument: 'doc-2',
  nationalOrProvincialFunding: false,
};

describe('validity window and rule versions', () => {
  const pack = parsePolicyPack(shenzhenJson);

  it('opens intake on 2024-12-18 00:00 Shanghai time and closes two years later, end exclusive', () => {
    const w = intakeWindow(pack);
    expect(w.opensAt.toISOString()).toBe('2024-12-17T16:00:00.000Z');
    expect(w.closesAt.toISOString()).toBe('2026-12-17T16:00:00.000Z');
  });

  it('has rules in force from the first instant to the last instant before the cutoff', () => {
    expect(packVersionAt(pack, new Date('2024-12-18T00:00:00+08:00')).version).toBe(1);
    expect(packVersionAt(pack, new Date('2026-12-17T23:59:59.999+08:00')).version).toBe(1);
  });

  it('has no rules in force before the start or at the cutoff, and says which', () => {
    expect(() => packVersionAt(pack, new Date('2024-12-17T23:59:59+08:00'))).toThrow(/before the first version takes effect/);
    expect(() => packVersionAt(pack, new Date('2026-12-18T00:00:00+08:00'))).toThrow(NoRuleVersionError);
    expect(() => packVersionAt(pack, new Date('2026-12-18T00:00:00+08:00'))).toThrow(/validity window has closed/);
  });

  describe('a version 2 that changes measure 2 and a parameter', () => {
    let v2pack: PolicyPack;
    beforeAll(() => {
      const json = clone();
      const m2 = JSON.parse(JSON.stringify(json.versions[0].measures.find((m: Json) => m.code === 'm2'))) as Json;
      m2.subtypes[0].award.rateBp = 4000;
      json.versions.push({
        version: 2,
        effectiveFrom: '2025-07-01T00:00:00+08:00',
        note: { zh: '训力券比例调整', en: 'Training voucher rate changed' },
        measures: [m2],
        parameters: { 'rfi.answerDeadlineDays': { ...json.parameters['rfi.answerDeadlineDays'], value: 20 } },
      });
      v2pack = parsePolicyPack(json);
    });

    const assessAt = (pack: PolicyPack, receivedAt: string) =>
      assessApplication(packVersionAt(pack, new Date(receivedAt)), { measureCode: 'm2', subtypeCode: 'm2', form: m2Form, applicant: startup, receivedAt });

    it('leaves cases received before its effectiveFrom on version 1', () => {
      const a = assessAt(v2pack, '2025-06-30T23:59:59+08:00');
      expect(a.packVersion).toBe(1);
      expect(a.award.rateBp).toBe(5000);
      expect(a.award.amountFen).toBe('500000');
    });

    it('applies to cases received from its effectiveFrom', () => {
      const a = assessAt(v2pack, '2025-07-01T00:00:00+08:00');
      expect(a.packVersion).toBe(2);
      expect(a.award.rateBp).toBe(4000);
      expect(a.award.amountFen).toBe('400000');
      expect(a.award.lines.map((l) => l.zh)).toContain('10,000.00 元 × 40% = 4,000.00 元');
    });

    it('carries unchanged measures and parameters over, overriding only what it lists', () => {
      const v1 = packVersion(v2pack, 1);
      const v2 = packVersion(v2pack, 2);
      expect(v2.measures.map((m) => m.code)).toEqual(v1.measures.map((m) => m.code));
      expect(v2.measures.find((m) => m.code === 'm3')).toEqual(v1.measures.find((m) => m.code === 'm3'));
      expect(integerParameter(v1, 'rfi.answerDeadlineDays')).toBe(30);
      expect(integerParameter(v2, 'rfi.answerDeadlineDays')).toBe(20);
      expect(integerParameter(v2, 'lab.evaluationCycleYears')).toBe(3);
    });

    it('lets a case that recorded version 1 be decided under version 1 even after version 2 starts', () => {
      const a = assessApplication(packVersion(v2pack, 1), {
        measureCode: 'm2',
        subtypeCode: 'm2',
        form: m2Form,
        applicant: startup,
        receivedAt: '2025-06-30T12:00:00+08:00',
      });
      expect(a.award.rateBp).toBe(5000);
    });
  });
});

describe('pack validation', () => {
  it('refuses unknown keys and malformed instants with paths', () => {
    const json = clone();
    json.colour = 'red';
    json.validity.from = '2024-12-18';
    const p = problems(json);
    expect(p).toEqual(expect.arrayContaining([expect.stringMatching(/^validity\.from: expected an ISO instant with an offset/)]));
    expect(p.some((x) => x.includes('colour'))).toBe(true);
  });

  it('refuses a routing to a bureau the pack does not have', () => {
    const json = clone();
    json.versions[0].measures[1].subtypes[0].routing.lead = 'nasa';
    expect(problems(json)).toContain("versions.0.measures.1.subtypes.0.routing.lead: bureau nasa is not in the pack's bureaus");
  });

  it('refuses a bureau named like the city treasury: codes of one jurisdiction must not collide', () => {
    const json = clone();
    json.bureaus[0].code = 'city';
    expect(problems(json)).toContain('bureaus.0.code: "city" is the city treasury\'s code; a bureau needs another');
  });

  it('refuses a co-reviewer the measure does not list', () => {
    const json = clone();
    json.versions[0].measures[1].subtypes[0].routing.coReviewers = ['miit'];
    expect(problems(json)).toContain('versions.0.measures.1.subtypes.0.routing.coReviewers.0: bureau miit is not listed for measure m2');
  });

  it('lets the lead give its opinion in the parallel round, but not twice', () => {
    // Jointly managed sub-types (measure 9's 科技重大专项) list the lead among the co-reviewers.
    const json = clone();
    json.versions[0].measures[1].subtypes[0].routing.coReviewers = ['stic'];
    expect(parsePolicyPack(json).versions[0]!.measures[1]!.subtypes[0]!.routing).toMatchObject({ lead: 'stic', coReviewers: ['stic'] });
    json.versions[0].measures[1].subtypes[0].routing.coReviewers = ['stic', 'stic'];
    expect(problems(json)).toEqual(['versions.0.measures.1.subtypes.0.routing.coReviewers: bureau stic is listed twice among the co-reviewers']);
  });

  it('refuses a reference to a parameter that does not exist or has the wrong type', () => {
    const json = clone();
    delete json.parameters['m7.annualSalesThresholdUnits'];
    json.parameters['m10.perEnterpriseCapFen'] = { type: 'bp', value: 5000, description: { zh: 'x', en: 'x' } };
    const p = problems(json);
    expect(p.some((x) => x.endsWith('parameter m7.annualSalesThresholdUnits is not defined'))).toBe(true);
    expect(p.some((x) => x.endsWith('parameter m10.perEnterpriseCapFen is of type bp; expected fen'))).toBe(true);
  });

  it('refuses an award computed from a field that is not on the form', () => {
    const json = clone();
    json.versions[0].measures[1].subtypes[0].award.baseField = 'contractAmount';
    expect(problems(json)).toContain('versions.0.measures.1.subtypes.0.award.baseField: field contractAmount is not in the form of m2');
  });

  it('refuses a pool and a sub-type that disagree about who draws on it', () => {
    const json = clone();
    json.pools[0].subtypes = ['m2', 'm4'];
    expect(problems(json)).toContain('pools: pool m2-training-voucher lists sub-type m4, which draws on m4-model-voucher in version 1');
  });

  it("accepts a district treasury's pool for a co-funded sub-type, and refuses one for another funder, sub-type or twice", () => {
    const json = clone();
    const nanshan = { code: 'm10-nanshan', name: { zh: '南山区配套资金', en: 'Nanshan matching fund' }, annualFen: '100000000', subtypes: ['m10'] };
    json.pools.push({ ...nanshan, funder: 'district:nanshan' });
    expect(parsePolicyPack(json).pools.at(-1)).toEqual({ ...nanshan, funder: 'district:nanshan' });
    json.pools.push({ ...nanshan, code: 'm10-nanshan-2', funder: 'district:nanshan' });
    json.pools.push({ ...nanshan, code: 'm2-nanshan', subtypes: ['m2'], funder: 'district:nanshan' });
    json.pools.push({ ...nanshan, code: 'm10-mars', funder: 'district:mars' });
    const p = problems(json);
    expect(p).toContain("pools: pools m10-nanshan and m10-nanshan-2 both hold district:nanshan's share of sub-type m10 in version 1");
    expect(p).toContain('pools: district pool m2-nanshan lists sub-type m2, which is not co-funded in version 1');
    expect(p).toContain("pools: pool m10-mars names funder district:mars, which is no district's bureau in version 1");
  });

  it("refuses a sub-type whose poolCode names a district's pool", () => {
    const json = clone();
    json.pools[0].funder = 'district:nanshan';
    expect(problems(json)).toContain(
      "versions.0.measures.1.subtypes.0.poolCode: pool m2-training-voucher is district:nanshan's: a sub-type's poolCode names a city pool",
    );
  });

  it('refuses a float rate and a money amount written as a number', () => {
    const json = clone();
    json.versions[0].measures[1].subtypes[0].award.rateBp = 50.5;
    json.pools[0].annualFen = 50000000000;
    const p = problems(json);
    expect(p.some((x) => x.startsWith('pools.0.annualFen: amount must be a string of integer fen'))).toBe(true);
    expect(p.some((x) => x.startsWith('versions.0.measures.1.subtypes.0.award.rateBp'))).toBe(true);
  });

  it('refuses versions out of order and a first version that starts after the window opens', () => {
    const json = clone();
    json.versions[0].effectiveFrom = '2025-01-01T00:00:00+08:00';
    json.versions.push({ version: 3, effectiveFrom: '2024-12-30T00:00:00+08:00' });
    const p = problems(json);
    expect(p).toContain('versions.0.effectiveFrom: version 1 must take effect when the validity window opens');
    expect(p).toContain('versions.1.version: versions must be numbered 1, 2, 3… in order; expected 2');
    expect(p).toContain('versions.1.effectiveFrom: each version must take effect after the previous one');
  });

  it('refuses a measure without applications that gives no refusal message', () => {
    const json = clone();
    json.versions[0].measures[0].refusal = null;
    expect(problems(json)).toContain('versions.0.measures.0.refusal: a measure without applications needs a refusal message');
  });

  it('has a JSON Schema of its own for pack authors', () => {
    const s = policyPackJsonSchema() as { type: string; required: string[] };
    expect(s.type).toBe('object');
    expect(s.required).toEqual(expect.arrayContaining(['id', 'validity', 'bureaus', 'versions']));
  });

  it('refuses a graded award that leaves a grade without an amount', () => {
    const json = clone();
    const m13 = json.versions[0].measures.find((m: Json) => m.code === 'm13');
    m13.subtypes[1].award.grades.pop();
    expect(problems(json).some((x) => x.endsWith('option fail of grade is not given an amount'))).toBe(true);
  });

  it('says how many problems it found, one per line', () => {
    const json = clone();
    json.timezone = 'Mars/Olympus';
    expect(() => parsePolicyPack(json)).toThrow(/invalid policy pack \(1 problem\):\n {2}- timezone: not an IANA time zone/);
  });
});
