import { Badge, Button, Card, List, Segmented, Space, Tag, Typography } from 'antd';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import * as endpoints from '../../api/endpoints';
import type { Notice } from '../../api/types';
import { TAG, DateTime, ErrorAlert, useWords } from '../../components/common';
import { useI18n } from '../../i18n';

/** The unread count of my organisation's notices (the menu shows it); null until known or for other roles. */
export function useUnreadNotices(enabled: boolean): number | null {
  const q = useQuery({ queryKey: ['notices', 'unread'], queryFn: () => endpoints.notices({ limit: 1 }), enabled, refetchInterval: 30_000 });
  return enabled ? (q.data?.unread ?? null) : null;
}

function NoticeItem({ n }: { n: Notice }) {
  const { t, l } = useI18n();
  const words = useWords();
  const queries = useQueryClient();
  const read = useMutation({
    mutationFn: () => endpoints.markNoticeRead(n.id),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['notices'] }),
  });
  return (
    <List.Item
      data-testid="notice"
      data-read={n.read ? 'true' : 'false'}
      actions={
        n.read
          ? []
          : [
              <Button
                key="read"
                size="small"
                loading={read.isPending}
                onClick={() => read.mutate()}
                aria-label={`${t('标为已读', 'Mark read')} ${l(n.subject)}`}
              >
                {t('标为已读', 'Mark read')}
              </Button>,
            ]
      }
    >
      <div style={{ width: '100%' }}>
        <Space wrap>
          {!n.read && <Badge status="processing" text={<Tag color={TAG.blue}>{t('未读', 'Unread')}</Tag>} />}
          <Tag color={TAG.grey}>{words.word('noticeKinds', n.kind)}</Tag>
          <Typography.Text strong={!n.read}>{l(n.subject)}</Typography.Text>
        </Space>
        <div>
          <Typography.Text type="secondary">
            <DateTime at={n.createdAt} />
            {n.read && n.readAt && (
              <>
                {' · '}
                {t('已读于', 'Read')} <DateTime at={n.readAt} />
              </>
            )}
          </Typography.Text>
          {n.caseId && (
            <>
              {' · '}
              <Link to={`/portal/cases/${n.caseId}`} style={{ textDecoration: 'underline' }}>
                {t('查看申请', 'Open the case')}
              </Link>
            </>
          )}
        </div>
        <Typography.Paragraph style={{ whiteSpace: 'pre-line', margin: '8px 0 0' }}>
          {l(n.body)
            .split('\n')
            .map((line, i) => (
              // A numbered line is an officer's question, quoted as they wrote it: not translated.
              <span key={i} translate={/^\d+\. /.test(line) ? 'no' : undefined}>
                {i > 0 ? '\n' : ''}
                {line}
              </span>
            ))}
        </Typography.Paragraph>
        <ErrorAlert error={read.error} />
      </div>
    </List.Item>
  );
}

/** My organisation's notices, newest first, unread ones marked. */
export function Notices() {
  const { t } = useI18n();
  const [only, setOnly] = useState<'all' | 'unread'>('all');
  const [page, setPage] = useState({ current: 1, pageSize: 20 });
  const filters = { unread: only === 'unread' ? 'true' : undefined, limit: page.pageSize, offset: (page.current - 1) * page.pageSize };
  const q = useQuery({ queryKey: ['notices', filters], queryFn: () => endpoints.notices(filters), placeholderData: keepPreviousData, refetchInterval: 15_000 });
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('通知', 'Notices')}
      </Typography.Title>
      <Space wrap>
        <Segmented
          aria-label={t('显示', 'Show')}
          value={only}
          onChange={(v) => (setOnly(v === 'unread' ? 'unread' : 'all'), setPage((p) => ({ ...p, current: 1 })))}
          options={[
            { label: t('全部', 'All'), value: 'all' },
            { label: t('未读', 'Unread'), value: 'unread' },
          ]}
        />
        {q.data && <Typography.Text data-testid="unread-count">{t(`未读 ${q.data.unread} 条`, `${q.data.unread} unread`)}</Typography.Text>}
      </Space>
      <ErrorAlert error={q.error} />
      <Card size="small">
        <List
          loading={q.isPending}
          dataSource={q.data?.items ?? []}
          locale={{ emptyText: t('暂无通知', 'No notices') }}
          renderItem={(n) => <NoticeItem key={n.id} n={n} />}
          pagination={
            q.data && q.data.total > page.pageSize
              ? { current: page.current, pageSize: page.pageSize, total: q.data.total, onChange: (current, pageSize) => setPage({ current, pageSize }) }
              : false
          }
        />
      </Card>
    </Space>
  );
}
