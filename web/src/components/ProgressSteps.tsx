import { Steps } from 'antd';
import type { ReactNode } from 'react';
import type { Case } from '../api/types';
import { useI18n } from '../i18n';
import { DateTime } from './common';

type StepStatus = 'finish' | 'process' | 'wait' | 'error';
interface Step {
  key: string;
  title: string;
  status: StepStatus;
  description: ReactNode;
}

/**
 * The case's way through its stages as a picture: received, each review stage (by whom, done when or due
 * when), what it waits on now and until when, the decision and the payment. Built from the case view alone
 * (its tasks, `progress.pending` and payment orders).
 */
export function ProgressSteps({ c }: { c: Case }) {
  const { t, l } = useI18n();
  const steps: Step[] = [{ key: 'submitted', title: t('提交申请', 'Submitted'), status: 'finish', description: <DateTime at={c.submittedAt} /> }];
  const pendingOf = (code: string) => c.progress.pending.find((p) => p.on === 'bureau' && p.bureauCode === code);
  const tasks = c.tasks.filter((x) => x.status !== 'cancelled').sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  for (const x of tasks) {
    const done = x.status === 'completed';
    const pending = done ? undefined : pendingOf(x.bureauCode);
    const until = pending?.until ?? x.dueAt;
    steps.push({
      key: x.id,
      title: `${l(x.stageLabel)} · ${l(x.bureauCodeLabel)}`,
      status: done ? 'finish' : 'process',
      description: done ? (
        <>
          {t('办结于 ', 'Done ')}
          <DateTime at={x.completedAt} />
        </>
      ) : (
        <>
          {pending && l(pending.what) !== l(x.stageLabel) ? l(pending.what) : t('办理中', 'In progress')}
          {until ? (
            <>
              {t('，期限 ', ', due ')}
              <DateTime at={until} />
            </>
          ) : null}
        </>
      ),
    });
  }
  // What waits on the applicant or a treasury (a bureau's wait is its task above).
  for (const [i, p] of c.progress.pending.entries()) {
    if (p.on === 'bureau') continue;
    steps.push({
      key: `pending-${i}`,
      title: l(p.name),
      status: 'process',
      description: (
        <>
          {l(p.what)}
          {p.until ? (
            <>
              {t('，截至 ', ', by ')}
              <DateTime at={p.until} />
            </>
          ) : null}
        </>
      ),
    });
  }
  const decided = c.decidedAt !== null;
  steps.push({
    key: 'decision',
    title: decided ? l(c.statusLabel) : t('作出决定', 'Decision'),
    status: decided ? (c.status === 'approved' ? 'finish' : 'error') : 'wait',
    description: decided ? <DateTime at={c.decidedAt} /> : t('待审核完成', 'After the review'),
  });
  if (c.status === 'approved') {
    const orders = c.payments.orders.filter((o) => o.status !== 'cancelled');
    const paid = orders.length > 0 && orders.every((o) => o.status === 'paid');
    const last = orders
      .map((o) => o.settledAt ?? '')
      .sort()
      .at(-1);
    steps.push({
      key: 'payment',
      title: t('资金拨付', 'Payment'),
      status: paid ? 'finish' : orders.length > 0 ? 'process' : 'wait',
      description: paid ? (
        <DateTime at={last} />
      ) : orders.length > 0 ? (
        t('已下达支付指令', 'Payment order issued')
      ) : (
        t('待下达支付指令', 'Awaiting the payment order')
      ),
    });
  }
  const next = steps.findIndex((s) => s.status === 'process' || s.status === 'wait');
  const current = next === -1 ? steps.length - 1 : next;
  return (
    <section aria-label={t('办理进度', 'Progress')} data-testid="progress-steps" style={{ marginBottom: 12 }}>
      <Steps
        orientation="vertical"
        size="small"
        current={current}
        items={steps.map((s) => ({ key: s.key, title: s.title, status: s.status, content: s.description }))}
      />
    </section>
  );
}
