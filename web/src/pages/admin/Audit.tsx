import { DatePicker, Input, Select, Space, Table, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { Fragment, useState } from 'react';
import { Link } from 'react-router-dom';
import * as endpoints from '../../api/endpoints';
import type { AuditEntry } from '../../api/types';
import { DateTime, ErrorAlert, useWords } from '../../components/common';
import { useI18n } from '../../i18n';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The entry's facts by name, in one line for a person skimming the trail; what a person wrote stays as written. */
function Details({ entry }: { entry: AuditEntry }) {
  const { l } = useI18n();
  return (
    <>
      {entry.details.map((d, i) => (
        <Fragment key={i}>
          {i > 0 && ' · '}
          {l(d.label)}: {d.written ? <span translate="no">{l(d.value)}</span> : l(d.value)}
        </Fragment>
      ))}
    </>
  );
}

/** The audit trail of human actions, newest first, filtered as the API allows. */
export function Audit() {
  const { t, l } = useI18n();
  const words = useWords();
  const [actorId, setActor] = useState('');
  const [caseId, setCase] = useState('');
  const [action, setAction] = useState<string | undefined>();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [page, setPage] = useState({ current: 1, pageSize: 50 });
  const reset = () => setPage((p) => ({ ...p, current: 1 }));
  const filters = {
    actorId: actorId.trim() || undefined,
    // Only a whole case id is a filter; a half-typed one would be refused (400) at every keystroke.
    caseId: UUID.test(caseId.trim()) ? caseId.trim() : undefined,
    action,
    from: range?.[0]?.startOf('day').format('YYYY-MM-DDTHH:mm:ssZ'),
    to: range?.[1]?.add(1, 'day').startOf('day').format('YYYY-MM-DDTHH:mm:ssZ'),
    limit: page.pageSize,
    offset: (page.current - 1) * page.pageSize,
  };
  const q = useQuery({ queryKey: ['audit', filters], queryFn: () => endpoints.auditTrail(filters), placeholderData: keepPreviousData });
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('审计日志', 'Audit log')}
      </Typography.Title>
      <Space wrap>
        <Input.Search
          aria-label={t('操作人', 'Actor')}
          placeholder={t('操作人(用户编号)', 'Actor (user id)')}
          allowClear
          style={{ width: 220 }}
          onSearch={(v) => (setActor(v), reset())}
        />
        <Input.Search
          aria-label={t('申请编号', 'Case id')}
          placeholder={t('申请编号(UUID)', 'Case id (UUID)')}
          allowClear
          style={{ width: 340 }}
          onSearch={(v) => (setCase(v), reset())}
        />
        <Select
          aria-label={t('操作', 'Action')}
          placeholder={t('全部操作', 'All actions')}
          allowClear
          showSearch
          style={{ width: 220 }}
          value={action}
          onChange={(v?: string) => (setAction(v), reset())}
          options={words.list('auditActions')}
        />
        <DatePicker.RangePicker
          aria-label={t('时间范围', 'Time range')}
          value={range}
          onChange={(v) => (setRange(v), reset())}
          placeholder={[t('开始日期', 'From'), t('结束日期', 'To')]}
        />
      </Space>
      <ErrorAlert error={q.error} />
      <Table<AuditEntry>
        rowKey="id"
        loading={q.isFetching && !q.data}
        dataSource={q.data?.items ?? []}
        locale={{ emptyText: t('没有记录', 'Nothing recorded') }}
        pagination={{
          current: page.current,
          pageSize: page.pageSize,
          total: q.data?.total ?? 0,
          showSizeChanger: false,
          onChange: (current, pageSize) => setPage({ current, pageSize }),
        }}
        columns={[
          { title: t('时间', 'When'), key: 'at', render: (e: AuditEntry) => <DateTime at={e.at} /> },
          { title: t('操作人', 'Actor'), key: 'actor', render: (e: AuditEntry) => <span translate="no">{e.actorName ?? e.actorId}</span> },
          { title: t('操作', 'Action'), key: 'action', render: (e: AuditEntry) => words.word('auditActions', e.action) },
          {
            title: t('对象', 'Subject'),
            key: 'subject',
            render: (e: AuditEntry) => (
              <>
                {l(e.subjectTypeLabel)}
                {e.caseId && (
                  <div>
                    <Link to={`/console/cases/${e.caseId}`}>{t('打开申请', 'Open the case')}</Link>
                  </div>
                )}
              </>
            ),
          },
          { title: t('内容', 'Details'), key: 'payload', render: (e: AuditEntry) => <Details entry={e} /> },
        ]}
      />
    </Space>
  );
}
