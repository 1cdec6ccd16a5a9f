import { Card, Empty, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { ApiError } from '../api/client';
import { bureauStats, poolStats } from '../api/stats';
import { useI18n } from '../i18n';
import { DecisionTimesChart, OpenTasksChart, PoolChart } from './charts';
import { ErrorAlert } from './common';

/** Every pool of a policy as a chart of its budget year (supervisors and admins). */
export function PoolCharts({ packId, year }: { packId: string | undefined; year?: string }) {
  const { t, l } = useI18n();
  const stats = useQuery({ queryKey: ['stats', 'pools', packId, year], queryFn: () => poolStats(packId!, year), enabled: !!packId, retry: false });
  // Another jurisdiction's policy: its figures are not this supervisor's, which is no error of theirs.
  if (stats.error instanceof ApiError && stats.error.status === 404)
    return (
      <Typography.Paragraph type="secondary">
        {t('该政策不属于本部门辖区，无资金池图表。', 'This policy is outside your bureau’s jurisdiction: no pool charts.')}
      </Typography.Paragraph>
    );
  return (
    <section aria-label={t('资金池使用图', 'Pool charts')}>
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        {t('资金池使用情况', 'Use of the budget pools')}
        {stats.data ? t(`（${stats.data.year} 年度）`, ` (${stats.data.year})`) : null}
      </Typography.Title>
      <ErrorAlert error={stats.error} />
      <Space wrap size="middle" align="start">
        {(stats.data?.items ?? []).map((p) => (
          <Card key={p.code} size="small" title={l(p.name)} style={{ width: 600, maxWidth: '100%' }}>
            <PoolChart pool={p} year={stats.data!.year} />
          </Card>
        ))}
      </Space>
    </section>
  );
}

/** Open tasks by age and decision times of the caller's bureau (an admin: every bureau with figures). */
export function BureauCharts({ year }: { year?: string }) {
  const { t, l } = useI18n();
  const stats = useQuery({ queryKey: ['stats', 'bureaus', year], queryFn: () => bureauStats(year) });
  return (
    <section aria-label={t('各部门办理情况', 'Bureau workload')}>
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        {t('待办与办理时长', 'Open tasks and decision times')}
      </Typography.Title>
      <ErrorAlert error={stats.error} />
      {stats.data && stats.data.items.length === 0 ? <Empty description={t('暂无任务', 'No tasks yet')} /> : null}
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        {(stats.data?.items ?? []).map((b) => (
          <Card key={b.bureauCode} size="small" title={l(b.name)}>
            <Space wrap size="middle" align="start">
              <div style={{ width: 600, maxWidth: '100%' }}>
                <OpenTasksChart bureau={b} />
              </div>
              <div style={{ width: 600, maxWidth: '100%' }}>
                <DecisionTimesChart bureau={b} year={stats.data!.year} />
              </div>
            </Space>
          </Card>
        ))}
      </Space>
    </section>
  );
}
