import { Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Typography, message } from 'antd';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import * as endpoints from '../../api/endpoints';
import type { OrderStatus, PaymentOrder } from '../../api/types';
import { DateTime, ErrorAlert, Money, OrderStatusTag, useWords } from '../../components/common';
import { useI18n } from '../../i18n';
import { formatFen, yuanToFen } from '../../money';
import { useSession } from '../../session';

/** Cancelling needs a reason; the API's refusal (e.g. the order was paid meanwhile, 409) shows in the dialog. */
function CancelDialog({ order, onClose }: { order: PaymentOrder; onClose: () => void }) {
  const { t, lang } = useI18n();
  const queries = useQueryClient();
  const cancel = useMutation({
    mutationFn: (reason: string) => endpoints.settleOrder(order.orderId, { status: 'cancelled', reason }),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ['payment-orders'] });
      onClose();
    },
  });
  return (
    <Modal
      open
      title={`${t('取消拨付单', 'Cancel the payment order')} ${order.caseReference}`}
      okText={t('确认取消', 'Cancel the order')}
      cancelText={t('返回', 'Back')}
      okButtonProps={{ htmlType: 'submit', form: 'cancel-order', loading: cancel.isPending, danger: true }}
      onCancel={() => {
        // Whatever the dialog was refused, the list is read again: the order may have changed meanwhile.
        void queries.invalidateQueries({ queryKey: ['payment-orders'] });
        onClose();
      }}
    >
      <Typography.Paragraph>
        <span translate="no">{order.payeeName}</span> · {formatFen(order.amountFen, lang)}
      </Typography.Paragraph>
      <div data-testid="cancel-error" style={{ marginBottom: 12 }}>
        <ErrorAlert error={cancel.error} />
      </div>
      <Form id="cancel-order" layout="vertical" onFinish={(v: { reason: string }) => cancel.mutate(v.reason.trim())}>
        <Form.Item
          name="reason"
          label={t('取消理由', 'Reason for cancelling')}
          rules={[{ required: true, whitespace: true, message: t('请填写取消理由', 'Give the reason') }]}
        >
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A claw-back (追回) of part or all of what this treasury paid on the order's case. */
function RecoveryDialog({ order, onClose, onRecovered }: { order: PaymentOrder; onClose: () => void; onRecovered: (text: string) => void }) {
  const { t, lang } = useI18n();
  const queries = useQueryClient();
  // One id per dialog: a retried submit records the recovery once.
  const [recoveryId] = useState(() => crypto.randomUUID());
  const recover = useMutation({
    mutationFn: (v: { amountYuan: string; reason: string }) =>
      endpoints.recordRecovery(order.caseId, { recoveryId, amountFen: yuanToFen(v.amountYuan) ?? '', reason: v.reason.trim() }),
    onSuccess: async (r) => {
      onRecovered(
        `${t('已追回', 'Recovered')} ${formatFen(r.recoveredFen, lang)}; ${t('尚未追回的已付金额', 'paid and not recovered')} ${formatFen(r.remainingFen, lang)}`,
      );
      await queries.invalidateQueries({ queryKey: ['payment-orders'] });
      onClose();
    },
  });
  return (
    <Modal
      open
      title={`${t('追回资金', 'Record a recovery')} ${order.caseReference}`}
      okText={t('记录追回', 'Record the recovery')}
      cancelText={t('返回', 'Back')}
      okButtonProps={{ htmlType: 'submit', form: 'recover-order', loading: recover.isPending }}
      onCancel={onClose}
    >
      <Typography.Paragraph>
        <span translate="no">{order.payeeName}</span> · {t('已支付', 'Paid')} {formatFen(order.amountFen, lang)}
      </Typography.Paragraph>
      <div data-testid="recovery-error" style={{ marginBottom: 12 }}>
        <ErrorAlert error={recover.error} />
      </div>
      <Form id="recover-order" layout="vertical" onFinish={(v: { amountYuan: string; reason: string }) => recover.mutate(v)}>
        <Form.Item
          name="amountYuan"
          label={t('追回金额(元)', 'Amount recovered (yuan)')}
          rules={[
            { required: true, message: t('请填写金额', 'Enter the amount') },
            {
              validator: (_, v?: string) =>
                !v || (yuanToFen(v) ?? '0') !== '0'
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('请输入以元为单位的金额,最多两位小数', 'Enter an amount in yuan with at most two decimals'))),
            },
          ]}
        >
          <Input inputMode="decimal" suffix={t('元', 'yuan')} />
        </Form.Item>
        <Form.Item name="reason" label={t('追回理由', 'Reason')} rules={[{ required: true, whitespace: true, message: t('请填写理由', 'Give the reason') }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The finance workbench: my treasury's payment orders, to mark paid or cancel, and claw-backs. */
export function PaymentOrders() {
  const { t, l } = useI18n();
  const words = useWords();
  const { session } = useSession();
  // Admins see every treasury's orders and may record a recovery; only treasury staff settle orders.
  const canSettle = session?.role === 'finance';
  const queries = useQueryClient();
  const [status, setStatus] = useState<OrderStatus | undefined>('issued');
  const [cancelling, setCancelling] = useState<PaymentOrder | null>(null);
  const [recovering, setRecovering] = useState<PaymentOrder | null>(null);
  const [toast, holder] = message.useMessage();
  const q = useQuery({
    queryKey: ['payment-orders', status],
    queryFn: () => endpoints.paymentOrders(status),
    placeholderData: keepPreviousData,
    // New orders arrive as awards are approved.
    refetchInterval: 5000,
  });
  const pay = useMutation({
    mutationFn: (o: PaymentOrder) => endpoints.settleOrder(o.orderId, { status: 'paid' }),
    onSuccess: (r) => void toast.success(`${t('已标记支付', 'Marked paid')} ${r.order.caseReference}`),
    // Refused or not, the list is read again: a refusal means the order changed meanwhile.
    onSettled: () => queries.invalidateQueries({ queryKey: ['payment-orders'] }),
  });
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {holder}
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('资金拨付', 'Payment orders')}
      </Typography.Title>
      <Select
        aria-label={t('拨付状态', 'Order status')}
        placeholder={t('全部状态', 'All statuses')}
        allowClear
        style={{ width: 200 }}
        value={status}
        onChange={(v?: OrderStatus) => setStatus(v)}
        options={words.list('orderStatuses')}
      />
      <div data-testid="settle-error">
        <ErrorAlert error={pay.error ?? q.error} />
      </div>
      <Table<PaymentOrder>
        rowKey="orderId"
        loading={q.isFetching && !q.data}
        dataSource={q.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('没有拨付单', 'No payment orders') }}
        columns={[
          { title: t('申请编号', 'Case'), key: 'ref', render: (o: PaymentOrder) => o.caseReference },
          { title: t('收款单位', 'Payee'), key: 'payee', render: (o: PaymentOrder) => <span translate="no">{o.payeeName}</span> },
          { title: t('金额', 'Amount'), key: 'amount', align: 'right', render: (o: PaymentOrder) => <Money fen={o.amountFen} /> },
          { title: t('财政', 'Treasury'), key: 'funder', render: (o: PaymentOrder) => l(o.funderLabel) },
          { title: t('状态', 'Status'), key: 'status', render: (o: PaymentOrder) => <OrderStatusTag status={o.status} label={o.statusLabel} /> },
          { title: t('下达时间', 'Issued'), key: 'issued', render: (o: PaymentOrder) => <DateTime at={o.issuedAt} /> },
          {
            title: t('办理', 'Settled'),
            key: 'settled',
            render: (o: PaymentOrder) =>
              o.settledAt ? (
                <>
                  <DateTime at={o.settledAt} /> · <span translate="no">{o.settledByName ?? o.settledById}</span>
                  {o.cancelReason && (
                    <div>
                      {t('理由', 'Reason')}: <span translate="no">{o.cancelReason}</span>
                    </div>
                  )}
                </>
              ) : (
                '—'
              ),
          },
          {
            title: t('操作', 'Actions'),
            key: 'actions',
            render: (o: PaymentOrder) => (
              <Space wrap>
                {canSettle && o.status === 'issued' && (
                  <Popconfirm
                    title={t(`确认已向 ${o.payeeName} 支付?`, `Paid to ${o.payeeName}?`)}
                    okText={t('已支付', 'Paid')}
                    cancelText={t('返回', 'Back')}
                    onConfirm={() => pay.mutate(o)}
                  >
                    <Button type="primary" size="small" aria-label={`${t('标记已支付', 'Mark paid')} ${o.caseReference}`}>
                      {t('标记已支付', 'Mark paid')}
                    </Button>
                  </Popconfirm>
                )}
                {canSettle && o.status === 'issued' && (
                  <Button size="small" danger aria-label={`${t('取消', 'Cancel')} ${o.caseReference}`} onClick={() => setCancelling(o)}>
                    {t('取消', 'Cancel')}
                  </Button>
                )}
                {o.status === 'paid' && (
                  <Button size="small" aria-label={`${t('追回', 'Recover')} ${o.caseReference}`} onClick={() => setRecovering(o)}>
                    {t('追回', 'Recover')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {cancelling && <CancelDialog order={cancelling} onClose={() => setCancelling(null)} />}
      {recovering && <RecoveryDialog order={recovering} onClose={() => setRecovering(null)} onRecovered={(text) => void toast.success(text)} />}
    </Space>
  );
}
