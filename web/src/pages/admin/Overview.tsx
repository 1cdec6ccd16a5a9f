import { Select, Space, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { BureauCharts, PoolCharts } from '../../components/StatsPanels';
import { ErrorAlert } from '../../components/common';
import { useI18n } from '../../i18n';
import { usePacks } from '../../session';

/** The programme at a glance for administrators: every pool of a policy over its year, every bureau's workload. */
export function Overview() {
  const { t, l } = useI18n();
  // The admin's own city's policies first (the API's order).
  const packs = usePacks();
  const [params, setParams] = useSearchParams();
  const packId = params.get('pack') ?? packs.data?.items[0]?.id;
  const year = params.get('year') ?? undefined;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('运行概览', 'Overview')}
      </Typography.Title>
      <Select
        aria-label={t('政策', 'Policy')}
        style={{ minWidth: 360 }}
        value={packId}
        onChange={(pack: string) => setParams({ pack }, { replace: true })}
        options={(packs.data?.items ?? []).map((p) => ({ value: p.id, label: l(p.title) }))}
      />
      <ErrorAlert error={packs.error} />
      <PoolCharts packId={packId} year={year} />
      <BureauCharts year={year} />
    </Space>
  );
}
