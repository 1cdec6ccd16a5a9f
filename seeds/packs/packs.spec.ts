import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formJsonSchema, intakeWindow, packVersionAt, parsePolicyPack } from '../../src/domain';

// Every pack in this folder must load and every form must have a JSON Schema: a new city's or
// year's pack is a data change, so this is the test that guards it.
const files = readdirSync(__dirname).filter((f) => f.endsWith('.json'));

describe('policy packs in seeds/packs', () => {
  it('includes the Shenzhen and Nantong packs', () => {
    expect(files).toEqual(expect.arrayContaining(['shenzhen-ai-pioneer-2024.json', 'nantong-general-ai-2024.json']));
  });

  it('gives no bureau code to two jurisdictions: an officer of a code is entitled to its tasks in every pack', () => {
    const owners = new Map<string, Set<string>>();
    for (const file of files) {
      const pack = parsePolicyPack(JSON.parse(readFileSync(join(__dirname, file), 'utf8')));
      for (const b of pack.bureaus) owners.set(b.code, new Set([...(owners.get(b.code) ?? []), pack.jurisdiction.code]));
    }
    expect([...owners].filter(([, cities]) => cities.size > 1).map(([code, cities]) => `${code}: ${[...cities].join(', ')}`)).toEqual([]);
  });

  describe.each(files)('%s', (file) => {
    const pack = parsePolicyPack(JSON.parse(readFileSync(join(__dirname, file), 'utf8')));

    it('is named after its id', () => {
      expect(file).toBe(`${pack.id}.json`);
    });

    it('generates a JSON Schema for every form of every version', () => {
      const window = intakeWindow(pack);
      for (const v of pack.versions) {
        const rules = packVersionAt(pack, new Date(Date.parse(v.effectiveFrom)));
        expect(rules.version).toBe(v.version);
        expect(Date.parse(v.effectiveFrom) < window.closesAt.getTime()).toBe(true);
        for (const m of rules.measures) {
          for (const s of m.subtypes) {
            const schema = formJsonSchema(rules, m.code, s.code) as { type: string; properties: Record<string, unknown>; additionalProperties: boolean };
            expect(schema.type).toBe('object');
            expect(schema.additionalProperties).toBe(false);
            expect(Object.keys(schema.properties)).toEqual(s.form.map((f) => f.name));
          }
        }
      }
    });
  });
});
