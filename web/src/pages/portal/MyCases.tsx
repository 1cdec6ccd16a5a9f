import { Select, Space, Table, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import * as endpoints from '../../api/endpoints';
import type { Case } from '../../api/types';
import { DateTime, ErrorAlert, Money, StatusTag, useWords } from '../../components/common';
import { useI18n } from '../../i18n';

/** A page of cases with status and measure filters and server-side paging; applicants' and admins' lists. */
export function CaseList({
  linkTo,
  title,
  extraColumns = [],
}: {
  linkTo: (c: Case) => string;
  title: string;
  extraColumns?: { title: string; key: string; render: (c: Case) => React.ReactNode }[];
}) {
  const { t, l } = useI18n();
  const words = useWords();
  const [status, setStatus] = useState<string | undefined>();
  const [measureCode, setMeasure] = useState<string | undefined>();
  const [page, setPage] = useState({ current: 1, pageSize: 20 });
  const q = useQuery({
    queryKey: ['cases', status, measureCode, page],
    queryFn: () => endpoints.listCases({ status, measureCode, limit: page.pageSize, offset: (page.current - 1) * page.pageSize }),
    placeholderData: keepPreviousData,
  });
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {title}
      </Typography.Title>
      <Space wrap>
        <Select
          aria-label={t('按状态筛选', 'Filter by status')}
          placeholder={t('全部状态', 'All statuses')}
          allowClear
          style={{ width: 200 }}
          value={status}
          onChange={(v) => (setStatus(v), setPage((p) => ({ ...p, current: 1 })))}
          options={words.list('caseStatuses')}
        />
        <Select
          aria-label={t('按措施筛选', 'Filter by measure')}
          placeholder={t('全部措施', 'All measures')}
          allowClear
          style={{ width: 200 }}
          value={measureCode}
          onChange={(v) => (setMeasure(v), setPage((p) => ({ ...p, current: 1 })))}
          options={Array.from({ length: 18 }, (_, i) => ({ value: `m${i + 1}`, label: t(`第${i + 1}条`, `Measure ${i + 1}`) }))}
        />
      </Space>
      <ErrorAlert error={q.error} />
      <Table<Case>
        rowKey="id"
        loading={q.isFetching}
        dataSource={q.data?.items ?? []}
        pagination={{ ...page, total: q.data?.total ?? 0, showSizeChanger: true, onChange: (current, pageSize) => setPage({ current, pageSize }) }}
        columns={[
          { title: t('编号', 'Reference'), key: 'ref', render: (_, c) => <Link to={linkTo(c)}>{c.reference}</Link> },
          { title: t('措施', 'Measure'), key: 'measure', render: (_, c) => `${l(c.measureCodeLabel)} / ${l(c.subtypeCodeLabel)}` },
          { title: t('状态', 'Status'), key: 'status', render: (_, c) => <StatusTag status={c.status} label={c.statusLabel} /> },
          { title: t('提交时间', 'Submitted'), key: 'at', render: (_, c) => <DateTime at={c.submittedAt} /> },
          { title: t('资助金额', 'Award'), key: 'award', render: (_, c) => <Money fen={c.approvedAwardFen ?? c.computedAwardFen} /> },
          ...extraColumns.map((x) => ({ title: x.title, key: x.key, render: (_: unknown, c: Case) => x.render(c) })),
        ]}
      />
    </Space>
  );
}

export function MyCases() {
  const { t } = useI18n();
  return <CaseList title={t('我的申请', 'My cases')} linkTo={(c) => `/portal/cases/${c.id}`} />;
}
