import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { loadPackFiles } from '../../seeds/seed';
import { repoRoot } from '../../src/config/paths';
import type { PolicyPack } from '../../src/domain';
import { eventually, startHarness, type Harness } from '../support/harness';
import { keepWindowOpen } from '../support/packs';

const SZ_CLOSES = Date.parse('2026-12-18T00:00:00+08:00');
/** The real packs, with Nantong's window (to 2028-01-01) kept open a year past today, so the walk-through's case has a policy in force on any date. */
const packsInForceToday = (): PolicyPack[] => loadPackFiles().map((p) => (p.id === 'nantong-general-ai-2024' ? keepWindowOpen(p) : p));

/**
 * scripts/walkthrough.sh (the README's walk-through) against the API listening on a port, with the
 * packs' real windows and the real date: before 2026-12-18 it shows Shenzhen open, after it closed,
 * and either way its case runs under the Nantong pack (kept in force past 2028 here, see above).
 */
describe('the walk-through on any date', () => {
  let h: Harness;
  let api: string;
  beforeAll(async () => {
    h = await startHarness({ packs: packsInForceToday(), waitForIntake: false, env: { APP_ENV: 'development', DEV_TOKENS: 'true' } });
    await h.app.listen(0, '127.0.0.1');
    api = `http://127.0.0.1:${(h.app.getHttpServer().address() as AddressInfo).port}`;
    await eventually(
      async () => ((await h.prisma.policyPack.findUniqueOrThrow({ where: { id: 'nantong-general-ai-2024' } })).intakeOpen ? true : undefined),
      20_000,
      'Nantong intake to open',
    );
  });
  afterAll(async () => {
    await h?.close();
  });

  it('shows Shenzhen’s status for today and approves a Nantong case', async () => {
    const { stdout } = await promisify(execFile)('bash', ['scripts/walkthrough.sh'], { cwd: repoRoot(), env: { ...process.env, API: api }, timeout: 90_000 });
    const shenzhen = Date.now() < SZ_CLOSES ? 'open' : 'closed';
    expect(stdout).toContain(`shenzhen-ai-pioneer-2024: ${shenzhen}`);
    if (shenzhen === 'closed') expect(stdout).toContain('closed for applications at 2026-12-18 00:00 (Asia/Shanghai)');
    else expect(stdout).toContain('accepts applications until 2026-12-18 00:00 (Asia/Shanghai)');
    expect(stdout).toContain('nantong-general-ai-2024: open');
    expect(stdout).toContain('status: approved');
    expect(stdout).toContain('approved award: 150000000 fen');
  });
});
