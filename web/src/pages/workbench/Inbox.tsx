import { Button, DatePicker, InputNumber, Select, Space, Table, Tag, Typography, message } from 'antd';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import * as endpoints from '../../api/endpoints';
import type { Task } from '../../api/types';
import { TAG, DateTime, ErrorAlert, Money, StatusTag, useWords } from '../../components/common';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';

const ACTIVE = new Set(['open', 'claimed']);
export const isOverdue = (task: Task, now = Date.now()): boolean => ACTIVE.has(task.status) && task.dueAt !== null && Date.parse(task.dueAt) < now;

export function Inbox() {
  const { t, l } = useI18n();
  const words = useWords();
  const { session } = useSession();
  const queries = useQueryClient();
  const [status, setStatus] = useState<string | undefined>();
  const [assignee, setAssignee] = useState<string | undefined>();
  const [measureCode, setMeasure] = useState<string | undefined>();
  const [priority, setPriority] = useState<number | null>(null);
  const [due, setDue] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [sort, setSort] = useState<'dueAt' | '-dueAt'>('dueAt');
  const [page, setPage] = useState({ current: 1, pageSize: 20 });
  const filters = {
    status,
    assignee,
    measureCode,
    priority: priority ?? undefined,
    dueFrom: due?.[0]?.startOf('day').format('YYYY-MM-DDTHH:mm:ssZ'),
    dueTo: due?.[1]?.endOf('day').format('YYYY-MM-DDTHH:mm:ssZ'),
    sort,
    limit: page.pageSize,
    offset: (page.current - 1) * page.pageSize,
  };
  const q = useQuery({ queryKey: ['inbox', filters], queryFn: () => endpoints.inbox(filters), placeholderData: keepPreviousData, refetchInterval: 5000 });
  const reset = () => setPage((p) => ({ ...p, current: 1 }));
  const [toast, toastHolder] = message.useMessage();
  const change = useMutation({
    mutationFn: ({ task, action }: { task: Task; action: 'claim' | 'unclaim' }) => (action === 'claim' ? endpoints.claim(task.id) : endpoints.unclaim(task.id)),
    onSuccess: (_, v) => {
      void toast.success(v.action === 'claim' ? t('已认领', 'Claimed') : t('已释放', 'Released'));
      void queries.invalidateQueries({ queryKey: ['inbox'] });
    },
  });
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {toastHolder}
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('本部门待办任务', 'My bureau’s inbox')}
      </Typography.Title>
      <Space wrap>
        <Select
          aria-label={t('任务状态', 'Task status')}
          placeholder={t('全部状态', 'All statuses')}
          allowClear
          style={{ width: 150 }}
          value={status}
          onChange={(v) => (setStatus(v), reset())}
          options={words.list('taskStatuses')}
        />
        <Select
          aria-label={t('处理人', 'Assignee')}
          placeholder={t('全部处理人', 'Anyone')}
          allowClear
          style={{ width: 150 }}
          value={assignee}
          onChange={(v) => (setAssignee(v), reset())}
          options={[
            { value: 'me', label: t('我', 'Me') },
            { value: 'unassigned', label: t('未认领', 'Unassigned') },
          ]}
        />
        <Select
          aria-label={t('措施', 'Measure')}
          placeholder={t('全部措施', 'All measures')}
          allowClear
          style={{ width: 150 }}
          value={measureCode}
          onChange={(v) => (setMeasure(v), reset())}
          options={Array.from({ length: 18 }, (_, i) => ({ value: `m${i + 1}`, label: t(`第${i + 1}条`, `Measure ${i + 1}`) }))}
        />
        <InputNumber
          aria-label={t('优先级', 'Priority')}
          placeholder={t('优先级', 'Priority')}
          min={0}
          max={10}
          value={priority}
          onChange={(v) => (setPriority(v), reset())}
        />
        <DatePicker.RangePicker
          aria-label={t('截止日期', 'Due date')}
          placeholder={[t('截止自', 'Due from'), t('截止至', 'Due to')]}
          value={due}
          onChange={(v) => (setDue(v), reset())}
        />
        <Select
          aria-label={t('排序', 'Sort')}
          style={{ width: 170 }}
          value={sort}
          onChange={(v) => (setSort(v), reset())}
          options={[
            { value: 'dueAt', label: t('截止日期 最近优先', 'Due soonest first') },
            { value: '-dueAt', label: t('截止日期 最晚优先', 'Due latest first') },
          ]}
        />
      </Space>
      <ErrorAlert error={change.error ?? q.error} />
      <Table<Task>
        rowKey="id"
        loading={q.isFetching && !q.data}
        dataSource={q.data?.items ?? []}
        pagination={{ ...page, total: q.data?.total ?? 0, showSizeChanger: true, onChange: (current, pageSize) => setPage({ current, pageSize }) }}
        columns={[
          {
            title: t('编号', 'Reference'),
            key: 'ref',
            render: (_, x) => (
              <Link to={`/workbench/tasks/${x.id}`} translate="no">
                {x.reference}
              </Link>
            ),
          },
          { title: t('措施', 'Measure'), key: 'measure', render: (_, x) => `${l(x.measureCodeLabel)} / ${l(x.subtypeCodeLabel)}` },
          { title: t('环节', 'Stage'), key: 'stage', render: (_, x) => l(x.stageLabel) },
          {
            title: t('状态', 'Status'),
            key: 'status',
            render: (_, x) => (
              <>
                <StatusTag status={x.status} label={x.statusLabel} />
                {isOverdue(x) && <Tag color={TAG.red}>{t('已逾期', 'Overdue')}</Tag>}
                {x.escalatedAt && <Tag color={TAG.volcano}>{t('已上报', 'Escalated')}</Tag>}
              </>
            ),
          },
          {
            title: t('处理人', 'Assignee'),
            key: 'assignee',
            render: (_, x) => (x.assigneeId ? <span translate="no">{x.assigneeName ?? x.assigneeId}</span> : '—'),
          },
          { title: t('优先级', 'Priority'), key: 'priority', dataIndex: 'priority' },
          { title: t('截止', 'Due'), key: 'due', render: (_, x) => <DateTime at={x.dueAt} /> },
          { title: t('核算金额', 'Computed award'), key: 'award', render: (_, x) => <Money fen={x.computedAwardFen} /> },
          {
            title: t('操作', 'Actions'),
            key: 'actions',
            render: (_, x) =>
              // A key lab's evaluation is graded on its page, with no claim first.
              x.labId !== null ? (
                x.status === 'open' && <Link to={`/workbench/tasks/${x.id}`}>{t('评估', 'Grade')}</Link>
              ) : x.status === 'open' ? (
                <Button size="small" onClick={() => change.mutate({ task: x, action: 'claim' })} aria-label={`${t('认领', 'Claim')} ${x.reference}`}>
                  {t('认领', 'Claim')}
                </Button>
              ) : x.status === 'claimed' && (x.assigneeId === session?.userId || session?.role === 'supervisor') ? (
                <Button size="small" onClick={() => change.mutate({ task: x, action: 'unclaim' })} aria-label={`${t('释放', 'Release')} ${x.reference}`}>
                  {t('释放', 'Release')}
                </Button>
              ) : null,
          },
        ]}
      />
    </Space>
  );
}
