import { Alert, Card, Input, Space, Table, Tag, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import * as endpoints from '../../api/endpoints';
import type { IncidentList } from '../../api/types';
import { TAG, DateTime, ErrorAlert, useWords } from '../../components/common';
import { useI18n } from '../../i18n';

type Incident = IncidentList['items'][number];
type FailedWorkflow = IncidentList['failedWorkflows'][number];

/** A case's workflow opens its console page; other workflows are named only. */
function WorkflowName({ id }: { id: string }) {
  // Temporal's id, as an operator quotes it there.
  return <span translate="no">{id.startsWith('case:') ? <Link to={`/console/cases/${id.slice('case:'.length)}`}>{id}</Link> : id}</span>;
}

/** Workflows an activity failure stopped for good: the recorded incidents and the failed workflows Temporal lists. */
export function Incidents() {
  const { t } = useI18n();
  const words = useWords();
  const [workflowId, setWorkflow] = useState('');
  const [page, setPage] = useState({ current: 1, pageSize: 20 });
  const filters = { workflowId: workflowId.trim() || undefined, limit: page.pageSize, offset: (page.current - 1) * page.pageSize };
  const q = useQuery({
    queryKey: ['incidents', filters],
    queryFn: () => endpoints.incidents(filters),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('故障', 'Incidents')}
      </Typography.Title>
      <Input.Search
        aria-label={t('工作流编号', 'Workflow id')}
        placeholder={t('按工作流编号筛选,如 case:…', 'Filter by workflow id, e.g. case:…')}
        allowClear
        style={{ maxWidth: 480 }}
        onSearch={(v) => (setWorkflow(v), setPage((p) => ({ ...p, current: 1 })))}
      />
      <ErrorAlert error={q.error} />
      {q.data?.temporalError && (
        <Alert
          type="warning"
          showIcon
          title={t('无法查询 Temporal 中失败的工作流', 'Temporal could not be asked for failed workflows')}
          description={q.data.temporalError}
        />
      )}
      <Card size="small" title={t('活动记录的故障', 'Incidents the activities recorded')}>
        <Table<Incident>
          rowKey="id"
          size="small"
          loading={q.isFetching && !q.data}
          dataSource={q.data?.items ?? []}
          locale={{ emptyText: t('没有故障', 'No incidents') }}
          pagination={{
            current: page.current,
            pageSize: page.pageSize,
            total: q.data?.total ?? 0,
            hideOnSinglePage: true,
            onChange: (current, pageSize) => setPage({ current, pageSize }),
          }}
          columns={[
            { title: t('时间', 'When'), key: 'at', render: (i: Incident) => <DateTime at={i.createdAt} /> },
            { title: t('工作流', 'Workflow'), key: 'wf', render: (i: Incident) => <WorkflowName id={i.workflowId} /> },
            {
              title: t('活动', 'Activity'),
              key: 'act',
              render: (i: Incident) => (
                <>
                  <span translate="no">{i.activityType}</span> {`(${t('第', 'attempt ')}${i.attempt}${t(' 次', '')})`}
                </>
              ),
            },
            { title: t('类型', 'Kind'), key: 'kind', render: (i: Incident) => <Tag color={TAG.red}>{words.word('incidentKinds', i.kind)}</Tag> },
            {
              title: t('错误', 'Error'),
              key: 'msg',
              render: (i: Incident) => (
                <Typography.Text code translate="no">
                  {i.message}
                </Typography.Text>
              ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('Temporal 中失败的工作流', 'Failed workflows in Temporal')}>
        <Table<FailedWorkflow>
          rowKey={(w) => `${w.workflowId}/${w.runId}`}
          size="small"
          dataSource={q.data?.failedWorkflows ?? []}
          locale={{ emptyText: t('没有失败的工作流', 'No failed workflows') }}
          pagination={false}
          columns={[
            { title: t('工作流', 'Workflow'), key: 'wf', render: (w: FailedWorkflow) => <WorkflowName id={w.workflowId} /> },
            {
              title: t('类型', 'Type'),
              key: 'type',
              render: (w: FailedWorkflow) => words.word('workflowTypes', w.workflowType) || <span translate="no">{w.workflowType}</span>,
            },
            { title: t('运行', 'Run'), key: 'run', render: (w: FailedWorkflow) => w.runId },
            { title: t('结束时间', 'Closed'), key: 'closed', render: (w: FailedWorkflow) => <DateTime at={w.closedAt} /> },
          ]}
        />
      </Card>
    </Space>
  );
}
