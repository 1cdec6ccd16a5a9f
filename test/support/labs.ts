import type { PolicyPack } from '../../src/domain';

/**
 * A pack with measure 13's key-lab lifecycle: m13-new's approval starts it (evaluations every 36
 * months, two fails in a row end it, graded by stic), and m13-eval is filed only by it. The same
 * fields the Shenzhen pack's data carries; tests add them to the rules they run under.
 */
export function withKeyLabLifecycle(pack: PolicyPack): PolicyPack {
  const [v1, ...rest] = pack.versions;
  return {
    ...pack,
    parameters: {
      ...pack.parameters,
      'm13.evaluationEveryMonths': {
        type: 'integer',
        value: 36,
        unit: 'months',
        description: { zh: '重点实验室评估周期', en: 'Months between key-lab evaluations' },
      },
      'm13.failsInARowToEnd': {
        type: 'integer',
        value: 2,
        unit: 'count',
        description: { zh: '连续不合格次数', en: 'Consecutive fails that end a designation' },
      },
    },
    versions: [
      {
        ...v1!,
        measures: v1!.measures.map((m) =>
          m.code !== 'm13'
            ? m
            : {
                ...m,
                subtypes: m.subtypes.map((s) =>
                  s.code === 'm13-new'
                    ? {
                        ...s,
                        lifecycle: {
                          kind: 'keyLab' as const,
                          evaluationSubtype: 'm13-eval',
                          bureau: 'stic',
                          everyMonths: { param: 'm13.evaluationEveryMonths' },
                          failsToEnd: { param: 'm13.failsInARowToEnd' },
                        },
                      }
                    : s.code === 'm13-eval'
                      ? { ...s, filedBy: 'lifecycle' as const }
                      : s,
                ),
              },
        ),
      },
      ...rest,
    ],
  };
}
