import { Button, Card, Descriptions, Form, Input, Progress, Radio, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import * as endpoints from '../../api/endpoints';
import type { ReplayJob, ReplayResult } from '../../api/types';
import { TAG, DateTime, ErrorAlert, useWords } from '../../components/common';
import { useI18n } from '../../i18n';

interface StartForm {
  scope: 'all' | 'query' | 'ids';
  query?: string;
  workflowIds?: string;
}

// Colours only: the words are the API's (GET /catalog/words).
const OUTCOME_COLOR: Record<ReplayResult['outcome'], string> = { ok: TAG.green, diverged: TAG.red, failed: TAG.orange };
const JOB_COLOR: Record<ReplayJob['status'], string> = { running: TAG.blue, completed: TAG.green, failed: TAG.red };

function JobView({ jobId }: { jobId: string }) {
  const { t, l } = useI18n();
  const words = useWords();
  const q = useQuery({
    queryKey: ['replay', jobId],
    queryFn: () => endpoints.replayJob(jobId),
    refetchInterval: (query) => (query.state.data?.status === 'running' || !query.state.data ? 1000 : false),
  });
  if (q.error) return <ErrorAlert error={q.error} />;
  const job = q.data;
  if (!job) return null;

  return (
    <Card
      size="small"
      title={
        <Space>
          {t('回放任务', 'Replay job')}
          {/* Temporal's identifiers, errors and queries stay as Temporal writes them: an operator quotes them there. */}
          <Typography.Text code translate="no">
            {job.jobId}
          </Typography.Text>
          <Tag color={JOB_COLOR[job.status]} data-testid="replay-status">
            {words.word('replayJobStatuses', job.status)}
          </Tag>
        </Space>
      }
    >
      {/* A status always given: antd would swap the finished "100%" for an icon. */}
      <Progress
        percent={job.percent}
        status={job.status === 'failed' ? 'exception' : job.status === 'running' ? 'active' : 'normal'}
        aria-label={t('回放进度', 'Replay progress')}
        data-testid="replay-percent"
      />
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('范围', 'Selection')}>
          {(job.query ?? job.workflowIds) ? <span translate="no">{job.query ?? job.workflowIds?.join(', ')}</span> : t('全部工作流', 'Every workflow')}
        </Descriptions.Item>
        <Descriptions.Item label={t('进度', 'Done')}>{`${job.done} / ${job.total}`}</Descriptions.Item>
        <Descriptions.Item label={t('结果', 'Outcome')}>
          <span data-testid="replay-counts">
            {t(`通过 ${job.ok} · 不确定性错误 ${job.diverged} · 无法回放 ${job.failed}`, `ok ${job.ok} · diverged ${job.diverged} · failed ${job.failed}`)}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('开始', 'Started')}>
          <DateTime at={job.startedAt} />
        </Descriptions.Item>
        <Descriptions.Item label={t('结束', 'Finished')}>
          <DateTime at={job.finishedAt} />
        </Descriptions.Item>
      </Descriptions>
      {job.error && (
        <div translate="no">
          <ErrorAlert error={new Error(job.error)} />
        </div>
      )}
      <Table<ReplayResult>
        rowKey={(r) => `${r.workflowId}/${r.runId ?? ''}`}
        size="small"
        dataSource={job.results}
        pagination={{ pageSize: 100, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: t('尚无结果', 'No results yet') }}
        columns={[
          { title: t('工作流', 'Workflow'), key: 'wf', render: (r: ReplayResult) => <span translate="no">{r.workflowId}</span> },
          {
            title: t('类型', 'Type'),
            key: 'type',
            render: (r: ReplayResult) => (r.workflowType ? words.word('workflowTypes', r.workflowType) || <span translate="no">{r.workflowType}</span> : '—'),
          },
          {
            title: t('结果', 'Outcome'),
            key: 'outcome',
            render: (r: ReplayResult) => <Tag color={OUTCOME_COLOR[r.outcome]}>{words.word('replayOutcomes', r.outcome)}</Tag>,
          },
          {
            title: t('说明', 'Report'),
            key: 'report',
            render: (r: ReplayResult) => (
              <>
                <div>{l(r.summary)}</div>
                {r.divergedAt && (
                  <div>
                    {t(`分歧事件: #${r.divergedAt.eventId} `, `Diverged at event #${r.divergedAt.eventId} `)}
                    <span translate="no">{r.divergedAt.eventType}</span>
                  </div>
                )}
                {r.error && (
                  <Typography.Text code translate="no">
                    {r.error}
                  </Typography.Text>
                )}
              </>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** Replays workflow histories against the current workflow code, as a job the page polls. */
export function Replays() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const jobId = params.get('job');
  const [form] = Form.useForm<StartForm>();
  const scope = Form.useWatch('scope', form) ?? 'all';
  const start = useMutation({
    mutationFn: (v: StartForm) =>
      endpoints.startReplay(
        v.scope === 'query'
          ? { query: (v.query ?? '').trim() }
          : v.scope === 'ids'
            ? {
                workflowIds: (v.workflowIds ?? '')
                  .split('\n')
                  .map((s) => s.trim())
                  .filter(Boolean),
              }
            : {},
      ),
    // The job's id in the address: a reload keeps watching it.
    onSuccess: (job) => setParams({ job: job.jobId }),
    // Another replay still runs: the refusal says so, and the page shows that job.
    onError: (err) => {
      const running = err instanceof ApiError && err.status === 409 ? err.body.runningJobId : undefined;
      if (typeof running === 'string' && running) setParams({ job: running });
    },
  });
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('工作流回放', 'Workflow replay')}
      </Typography.Title>
      <Card size="small" title={t('用当前工作流代码回放历史', 'Replay histories against the current workflow code')}>
        <ErrorAlert error={start.error} />
        <Form form={form} layout="vertical" initialValues={{ scope: 'all' }} onFinish={(v: StartForm) => start.mutate(v)}>
          <Form.Item name="scope" label={t('范围', 'Selection')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'all', label: t('全部工作流', 'Every workflow') },
                { value: 'query', label: t('可见性查询', 'A visibility query') },
                { value: 'ids', label: t('指定工作流', 'Named workflows') },
              ]}
            />
          </Form.Item>
          {scope === 'query' && (
            <Form.Item
              name="query"
              label={t('可见性查询', 'Visibility query')}
              rules={[{ required: true, whitespace: true, message: t('请填写查询', 'Write the query') }]}
            >
              <Input placeholder="WorkflowType='caseWorkflow' AND ExecutionStatus='Running'" />
            </Form.Item>
          )}
          {scope === 'ids' && (
            <Form.Item
              name="workflowIds"
              label={t('工作流编号(每行一个)', 'Workflow ids (one per line)')}
              rules={[{ required: true, whitespace: true, message: t('请至少填写一个工作流编号', 'Name at least one workflow') }]}
            >
              <Input.TextArea rows={3} placeholder="case:…" />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" loading={start.isPending}>
            {t('开始回放', 'Start the replay')}
          </Button>
        </Form>
      </Card>
      {jobId && <JobView jobId={jobId} />}
    </Space>
  );
}
