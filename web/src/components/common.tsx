import { Alert, Button, Card, Descriptions, Empty, List, Tag, Timeline, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Fragment, useState, type ReactNode } from 'react';
import { ApiError } from '../api/client';
import * as endpoints from '../api/endpoints';
import type { AwardExplanation, CaseDocument, InformationRound, Localized, TimelineEntry, Words } from '../api/types';
import { useI18n } from '../i18n';
import { formatFen } from '../money';

// Solid tags in dark shades: white text on them passes WCAG AA, antd's pale presets do not.
export const TAG = {
  green: '#237804',
  red: '#a8071a',
  blue: '#0958d9',
  orange: '#ad4e00',
  gold: '#874d00',
  grey: '#595959',
  volcano: '#ad2102',
  purple: '#531dab',
};

const STATUS_COLOR: Record<string, string> = {
  approved: TAG.green,
  rejected: TAG.red,
  refused: TAG.red,
  withdrawn: TAG.grey,
  lapsed: TAG.grey,
  awaiting_information: TAG.orange,
  in_review: TAG.blue,
  submitted: TAG.blue,
  open: TAG.gold,
  claimed: TAG.blue,
  completed: TAG.green,
  cancelled: TAG.grey,
};

/** A case's or task's status, in the words the API gives beside it. */
export function StatusTag({ status, label }: { status: string; label: Localized }) {
  const { l } = useI18n();
  return <Tag color={STATUS_COLOR[status] ?? TAG.grey}>{l(label)}</Tag>;
}

const ORDER_COLOR: Record<string, string> = { issued: TAG.gold, paid: TAG.green, cancelled: TAG.grey };

/** A payment order's status: issued (not yet paid), paid, cancelled. */
export function OrderStatusTag({ status, label }: { status: string; label: Localized }) {
  const { l } = useI18n();
  return (
    <Tag color={ORDER_COLOR[status] ?? TAG.grey} data-testid="order-status">
      {l(label)}
    </Tag>
  );
}

/** The system's fixed words by code (GET /catalog/words, cached): what filters offer and what notices are called. */
export function useWords(): { list(kind: keyof Words): { value: string; label: string }[]; word(kind: keyof Words, code: string): string } {
  const { l } = useI18n();
  const q = useQuery({ queryKey: ['words'], queryFn: () => endpoints.words(), staleTime: Infinity });
  return {
    list: (kind) => (q.data?.[kind] ?? []).map((w) => ({ value: w.code, label: l(w) })),
    word: (kind, code) => {
      const w = q.data?.[kind].find((x) => x.code === code);
      return w ? l(w) : '';
    },
  };
}

export function Money({ fen }: { fen: string | null | undefined }) {
  const { lang } = useI18n();
  return <span className="money">{formatFen(fen, lang)}</span>;
}

export function DateTime({ at }: { at: string | null | undefined }) {
  const { lang } = useI18n();
  if (!at) return <>—</>;
  return <>{new Date(at).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' })}</>;
}

export function DateOnly({ at }: { at: string | null | undefined }) {
  const { lang } = useI18n();
  if (!at) return <>—</>;
  return <>{new Date(at).toLocaleDateString(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai', dateStyle: 'medium' })}</>;
}

/** An API refusal in the reader's language: the API's Chinese where it gives one, else its message. */
export function refusalText(error: unknown, lang: 'zh' | 'en'): string {
  if (error instanceof ApiError) {
    if (lang === 'en') return error.message;
    // A refusal of fields gives each field's issue in Chinese: together they are the refusal.
    const issuesZh = error.issues.length > 0 && error.issues.every((i) => i.zh) ? error.issues.map((i) => i.zh).join(';') : null;
    return error.zh ?? issuesZh ?? error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/** A field's refusal in the reader's language (the API's issue, or its whole refusal when it names that field). */
export function fieldRefusal(error: unknown, field: string, lang: 'zh' | 'en'): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const issue = error.issues.find((i) => i.path === field);
  if (issue) return lang === 'zh' && issue.zh ? issue.zh : issue.message;
  return error.field === field ? refusalText(error, lang) : undefined;
}

/** An API error in words: its message in the reader's language (no HTTP status: that is for machines). */
export function ErrorAlert({ error }: { error: unknown }) {
  const { t, lang } = useI18n();
  if (!error) return null;
  return <Alert role="alert" type="error" showIcon title={t('操作未完成', 'Not done')} description={refusalText(error, lang)} />;
}

export function AwardCard({ award, title }: { award: AwardExplanation | null; title?: ReactNode }) {
  const { t, l } = useI18n();
  return (
    <Card title={title ?? t('资助核算说明', 'How the award was computed')} size="small">
      {award ? (
        <>
          <Typography.Paragraph>
            {t('核定金额', 'Award')}:{' '}
            <Typography.Text strong>
              <Money fen={award.amountFen} />
            </Typography.Text>
          </Typography.Paragraph>
          <ul className="award-lines">
            {award.lines.map((line, i) => (
              <li key={i}>{l(line)}</li>
            ))}
            {award.cuts.map((c, i) => (
              <li key={`cut-${i}`}>{l(c.reason)}</li>
            ))}
          </ul>
        </>
      ) : (
        <Empty description={t('尚未核算', 'Not computed yet')} />
      )}
    </Card>
  );
}

type Data = Record<string, unknown>;
const asData = (v: unknown): Data => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Data) : {});

export function CaseTimeline({ entries }: { entries: TimelineEntry[] }) {
  const { t, l, lang } = useI18n();
  if (entries.length === 0) return <Empty description={t('暂无记录', 'Nothing yet')} />;
  return (
    <Timeline
      items={entries.map((e) => {
        const d = asData(e.data);
        // The API's sentence says who did what at which stage; the entry's word where it writes none.
        // What a person wrote (a reason, questions) and who they are stay as written.
        const parts: ReactNode[] = e.text ? [l(e.text)] : [];
        if (typeof d.amountFen === 'string') parts.push(formatFen(d.amountFen, lang));
        if (typeof d.reason === 'string')
          parts.push(
            <>
              {t('理由', 'Reason')}: <span translate="no">{d.reason}</span>
            </>,
          );
        if (Array.isArray(d.questions) && d.questions.length)
          parts.push(
            <>
              {t('问题', 'Questions')}: <span translate="no">{d.questions.join(' / ')}</span>
            </>,
          );
        // An id no user has (the command line's cli:<login>) is shown as it is.
        if (e.actorId) parts.push(<span translate="no">{e.actorName ?? e.actorId}</span>);
        return {
          key: `${e.at}-${e.type}`,
          content: (
            <div data-testid="timeline-entry">
              <Typography.Text strong>{l(e.typeLabel)}</Typography.Text>{' '}
              <Typography.Text type="secondary">
                <DateTime at={e.at} />
              </Typography.Text>
              {parts.length > 0 && (
                <div>
                  {parts.map((p, i) => (
                    <Fragment key={i}>
                      {i > 0 && ' · '}
                      {p}
                    </Fragment>
                  ))}
                </div>
              )}
            </div>
          ),
        };
      })}
    />
  );
}

/** The form as submitted, read-only, with the labels of the catalog's schema. */
/**
 * Opens a document in a new tab: fetched with the bearer token (a plain link would carry none) and
 * shown from a blob URL. The tab opens at the click, so no popup blocker takes it for an unasked one.
 */
export function DocumentLink({ id, name }: { id: string; name: string }) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const open = async (): Promise<void> => {
    const tab = window.open('', '_blank');
    setBusy(true);
    setError(null);
    try {
      const url = URL.createObjectURL(await endpoints.documentContent(id));
      if (tab) tab.location.href = url;
      else window.location.href = url;
      // The tab has loaded it by then; the URL would otherwise hold the bytes until this page closes.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (err) {
      tab?.close();
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {/* A file's name is the uploader's, in whatever language they wrote it. */}
      <Button type="link" style={{ padding: 0, height: 'auto' }} loading={busy} onClick={() => void open()} translate="no">
        {name}
      </Button>
      <ErrorAlert error={error} />
    </>
  );
}

const kib = (bytes: number): string => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

/** The files a case's form names, each with the field it was uploaded for. */
export function DocumentList({ documents, schema }: { documents: CaseDocument[]; schema: Record<string, unknown> | undefined }) {
  const { l, t } = useI18n();
  const props = asData(schema?.properties);
  return (
    <List
      size="small"
      dataSource={documents}
      locale={{ emptyText: t('无附件', 'No documents') }}
      renderItem={(d) => {
        const label = asData(props[d.field])['x-label'];
        return (
          <List.Item>
            <List.Item.Meta
              title={<DocumentLink id={d.id} name={d.name} />}
              description={`${label ? l(label as Localized) : d.field} · ${d.contentType.replace(/^.*\//, '').toUpperCase()} · ${kib(d.sizeBytes)}`}
            />
          </List.Item>
        );
      }}
    />
  );
}

/** An enum field's value in the words its pack gives the option (the form schema's x-options). */
function useOptionLabel(): (options: unknown, value: unknown) => string {
  const { l } = useI18n();
  return (options, value) => {
    const found = Array.isArray(options) ? (options as { value: string; label: Localized }[]).find((o) => o.value === value) : undefined;
    return found ? l(found.label) : '—';
  };
}

export function FormView({
  form,
  schema,
  documents = [],
}: {
  /** The stored form: the API types it as unknown JSON, an object of field values. */
  form: unknown;
  schema: Record<string, unknown> | undefined;
  documents?: readonly { id: string; name: string }[];
}) {
  const { l, t, lang } = useI18n();
  const optionLabel = useOptionLabel();
  const props = asData(schema?.properties);
  const keys = Object.keys(props);
  const order = (name: string): number => (keys.includes(name) ? keys.indexOf(name) : keys.length);
  return (
    <Descriptions bordered size="small" column={1}>
      {/* In the schema's order, which is the order the applicant filled the form in. */}
      {Object.entries(asData(form))
        .sort(([a], [b]) => order(a) - order(b))
        .map(([name, value]) => {
          const p = asData(props[name]);
          const label = p['x-label'] ? l(p['x-label'] as Localized) : name;
          const doc = p['x-field-type'] === 'document' ? documents.find((d) => d.id === value) : undefined;
          const shown = doc ? (
            <DocumentLink id={doc.id} name={doc.name} />
          ) : p['x-field-type'] === 'fen' && typeof value === 'string' ? (
            formatFen(value, lang)
          ) : p['x-field-type'] === 'enum' ? (
            optionLabel(p['x-options'], value)
          ) : typeof value === 'boolean' ? (
            value ? (
              t('是', 'Yes')
            ) : (
              t('否', 'No')
            )
          ) : (
            // What the applicant typed, in their own words: no translation applies to it.
            <span translate="no">{String(value)}</span>
          );
          return (
            <Descriptions.Item key={name} label={label}>
              {shown}
            </Descriptions.Item>
          );
        })}
    </Descriptions>
  );
}

/** Each request for information: who asked what, by when, and the applicant's answer with the files it sent. */
export function InformationRounds({ rounds }: { rounds: InformationRound[] }) {
  const { l, t } = useI18n();
  if (rounds.length === 0) return null;
  return (
    <List
      size="small"
      data-testid="information-rounds"
      dataSource={rounds}
      renderItem={(r) => (
        <List.Item>
          <Descriptions column={1} size="small" style={{ width: '100%' }}>
            <Descriptions.Item label={t('提出部门', 'Asked by')}>
              {l(r.bureauCodeLabel)} · <DateTime at={r.requestedAt} />
            </Descriptions.Item>
            <Descriptions.Item label={t('补正事项', 'Questions')}>
              <ol style={{ margin: 0, paddingInlineStart: 20 }}>
                {r.questions.map((q, i) => (
                  <li key={i} translate="no">
                    {q}
                  </li>
                ))}
              </ol>
            </Descriptions.Item>
            <Descriptions.Item label={t('申请人答复', "Applicant's answer")}>
              {r.answers === null ? (
                <Typography.Text type="secondary">
                  {t('尚未答复', 'Not answered yet')}
                  {r.answerDueAt ? (
                    <>
                      {t(',截止 ', ', due ')}
                      <DateTime at={r.answerDueAt} />
                    </>
                  ) : null}
                </Typography.Text>
              ) : (
                <span data-testid="information-answer">
                  <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }} translate="no">
                    {r.answers}
                  </Typography.Paragraph>
                  <DateTime at={r.answeredAt} />
                </span>
              )}
            </Descriptions.Item>
            {r.documents.length > 0 && (
              <Descriptions.Item label={t('补充材料', 'Files sent')}>
                {r.documents.map((d) => (
                  <div key={d.id}>
                    <DocumentLink id={d.id} name={d.name} />
                  </div>
                ))}
              </Descriptions.Item>
            )}
          </Descriptions>
        </List.Item>
      )}
    />
  );
}
