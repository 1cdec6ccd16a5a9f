import { Progress, Select, Space, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import * as endpoints from '../../api/endpoints';
import type { PoolList } from '../../api/types';
import { ErrorAlert, Money } from '../../components/common';
import { useI18n } from '../../i18n';
import { useJurisdiction, usePacks, useSession } from '../../session';
import { BureauCharts, PoolCharts } from '../../components/StatsPanels';

type Pool = PoolList['items'][number];

/** Share of a pool already reserved, in whole percent, from the fen strings (BigInt, no floats). */
const reservedPercent = (p: Pool): number => (BigInt(p.totalFen) === 0n ? 0 : Number((BigInt(p.reservedFen) * 100n) / BigInt(p.totalFen)));

export function Pools() {
  const { t, l } = useI18n();
  const packs = usePacks();
  const [params, setParams] = useSearchParams();
  const chosen = params.get('pack');
  const setChosen = (pack: string) => setParams({ pack }, { replace: true });
  const [year, setYear] = useState<string | undefined>();
  // The charts' figures are for supervisors and admins; officers see the table only.
  const role = useSession().session?.role;
  const charts = role === 'supervisor' || role === 'admin';
  // Staff see their own city's budgets (admins every city's), opening on its first policy.
  const jurisdiction = useJurisdiction();
  const mine = (packs.data?.items ?? []).filter((p) => role === 'admin' || p.jurisdiction.code === jurisdiction);
  const packId = chosen ?? mine[0]?.id;
  const pools = useQuery({ queryKey: ['pools', packId, year], queryFn: () => endpoints.pools(packId!, year), enabled: !!packId });
  const pack = packs.data?.items.find((p) => p.id === packId);
  const years = pack
    ? Array.from({ length: Number(pack.validity.to.slice(0, 4)) - Number(pack.validity.from.slice(0, 4)) + 1 }, (_, i) =>
        String(Number(pack.validity.from.slice(0, 4)) + i),
      )
    : [];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('资金池', 'Budget pools')}
      </Typography.Title>
      <Space wrap>
        <Select
          aria-label={t('政策', 'Policy')}
          style={{ minWidth: 360 }}
          value={packId}
          onChange={setChosen}
          options={mine.map((p) => ({ value: p.id, label: l(p.title) }))}
        />
        <Select
          aria-label={t('预算年度', 'Budget year')}
          placeholder={t('本年度', 'This year')}
          allowClear
          style={{ width: 140 }}
          value={year}
          onChange={setYear}
          options={years.map((y) => ({ value: y, label: y }))}
        />
      </Space>
      <ErrorAlert error={packs.error ?? pools.error} />
      <Table<Pool>
        rowKey="code"
        loading={pools.isFetching}
        dataSource={pools.data?.items ?? []}
        pagination={false}
        columns={[
          { title: t('资金池', 'Pool'), key: 'name', render: (_, p) => l(p.name) },
          { title: t('年度', 'Year'), key: 'year', dataIndex: 'year' },
          { title: t('总额', 'Total'), key: 'total', render: (_, p) => <Money fen={p.totalFen} /> },
          { title: t('已预留', 'Reserved'), key: 'reserved', render: (_, p) => <Money fen={p.reservedFen} /> },
          { title: t('可用', 'Available'), key: 'available', render: (_, p) => <Money fen={p.availableFen} /> },
          {
            title: t('使用率', 'Used'),
            key: 'used',
            render: (_, p) => <Progress percent={reservedPercent(p)} size="small" aria-label={t('使用率', 'Used')} />,
          },
        ]}
      />
      {charts ? <PoolCharts packId={packId} year={year} /> : null}
      {charts ? <BureauCharts year={year} /> : null}
    </Space>
  );
}
