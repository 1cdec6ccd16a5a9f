import { Segmented } from 'antd';
import { useId, useState, type ReactNode } from 'react';
import type { BureauFigures, PoolSeries } from '../api/stats';
import { useI18n } from '../i18n';
import { yuanTick } from '../chart-scale';
import { formatFen, type Lang } from '../money';

// Plain SVG charts: a few rectangles and lines need no charting library. Each chart is an image with a
// title and a description (what a screen reader says), and every bar carries its exact figure as a tooltip.

const W = 640;
const H = 260;
const PAD = { left: 110, right: 16, top: 16, bottom: 36 };
const PLOT_W = W - PAD.left - PAD.right;
const PLOT_H = H - PAD.top - PAD.bottom;

const COLOURS = { paid: '#0958d9', held: '#69b1ff', review: '#faad14', budget: '#cf1322', median: '#389e0d', p90: '#95de64', open: '#1677ff' } as const;

const monthLabel = (month: string, lang: Lang): string => (lang === 'zh' ? `${Number(month.slice(5))}月` : month.slice(5));

function Frame({
  title,
  desc,
  children,
  legend,
}: {
  title: string;
  desc: string;
  children: ReactNode;
  legend: { colour: string; text: string; dashed?: boolean }[];
}) {
  const id = useId();
  return (
    <figure style={{ margin: 0 }}>
      <svg role="img" aria-labelledby={`${id}-t ${id}-d`} viewBox={`0 0 ${W} ${H}`} style={{ width: '100%', maxWidth: W, height: 'auto' }}>
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{desc}</desc>
        {children}
      </svg>
      <figcaption style={{ display: 'flex', flexWrap: 'wrap', gap: 16, fontSize: 13 }}>
        {legend.map((x) => (
          <span key={x.text} style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
            <svg width="18" height="10" aria-hidden="true">
              {x.dashed ? (
                <line x1="0" y1="5" x2="18" y2="5" stroke={x.colour} strokeWidth="2" strokeDasharray="4 2" />
              ) : (
                <rect width="18" height="10" fill={x.colour} />
              )}
            </svg>
            {x.text}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

/** Horizontal grid lines and their labels for a value axis from 0 to `max` (in the caller's unit). */
function Axis({ max, label }: { max: number; label: (v: number) => string }) {
  return (
    <g aria-hidden="true" fontSize="11" fill="#595959">
      {[0, 1, 2, 3, 4].map((k) => {
        const y = PAD.top + PLOT_H - (PLOT_H * k) / 4;
        return (
          <g key={k}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y} y2={y} stroke="#f0f0f0" />
            <text x={PAD.left - 6} y={y + 4} textAnchor="end">
              {label((max * k) / 4)}
            </text>
          </g>
        );
      })}
    </g>
  );
}

const bigMax = (xs: bigint[]): bigint => xs.reduce((m, x) => (x > m ? x : m), 1n);

/** One pool over its budget year: paid, held but unpaid, and in review stacked per month, under the budget line. */
export function PoolChart({ pool, year }: { pool: PoolSeries; year: number }) {
  const { t, l, lang } = useI18n();
  const months = pool.months.map((m) => {
    const held = BigInt(m.reservedFen);
    const paid = BigInt(m.paidFen);
    return { ...m, paid, unpaid: held > paid ? held - paid : 0n, review: BigInt(m.inReviewFen) };
  });
  const total = BigInt(pool.totalFen);
  const used = bigMax(months.map((m) => m.paid + m.unpaid + m.review));
  // Early in a year the use is a sliver of the budget: by default the scale then fits the use.
  const [scale, setScale] = useState<'budget' | 'use'>(used * 10n < total && months.some((m) => m.paid + m.unpaid + m.review > 0n) ? 'use' : 'budget');
  const maxFen = scale === 'use' ? used : bigMax([total, used]);
  const budgetShown = total <= maxFen;
  // Pixels only: the amounts shown are formatted from the fen strings.
  const y = (fen: bigint): number => (PLOT_H * Number((fen * 1_000_000n) / maxFen)) / 1_000_000;
  const band = PLOT_W / Math.max(months.length, 1);
  const barW = Math.min(36, band * 0.6);
  const last = pool.months.at(-1);
  const fmt = (fen: string | bigint): string => formatFen(String(fen), lang);
  const title = t(`${l(pool.name)} · ${year} 年度预算使用情况`, `${l(pool.name)}: use of the ${year} budget`);
  const desc = last
    ? t(
        `预算 ${fmt(pool.totalFen)}；截至 ${monthLabel(last.month, 'zh')}：已预留 ${fmt(last.reservedFen)}，其中已支付 ${fmt(last.paidFen)}；审核中测算资助 ${fmt(last.inReviewFen)}。`,
        `Budget ${fmt(pool.totalFen)}; by ${last.month}: held ${fmt(last.reservedFen)}, of which paid ${fmt(last.paidFen)}; computed awards in review ${fmt(last.inReviewFen)}.`,
      )
    : t(`预算 ${fmt(pool.totalFen)}。`, `Budget ${fmt(pool.totalFen)}.`);
  const budgetY = PAD.top + PLOT_H - y(total);
  return (
    <>
      <Segmented
        size="small"
        aria-label={t(`${l(pool.name)} 刻度`, `${l(pool.name)} scale`)}
        value={scale}
        onChange={(v) => setScale(v as 'budget' | 'use')}
        options={[
          { value: 'budget', label: t('按年度预算', 'Whole budget') },
          { value: 'use', label: t('按已用金额', 'Fit to use') },
        ]}
      />
      <Frame
        title={title}
        desc={desc}
        legend={[
          { colour: COLOURS.paid, text: t('已支付', 'Paid') },
          { colour: COLOURS.held, text: t('已预留未支付', 'Held, not yet paid') },
          { colour: COLOURS.review, text: t('审核中（测算）', 'In review (computed)') },
          {
            colour: COLOURS.budget,
            text: budgetShown ? t('年度预算', 'Budget') : t(`年度预算 ${fmt(pool.totalFen)}（超出刻度）`, `Budget ${fmt(pool.totalFen)} (off the scale)`),
            dashed: true,
          },
        ]}
      >
        <Axis max={1} label={(k) => yuanTick((maxFen * BigInt(Math.round(k * 4))) / 4n, lang)} />
        {months.map((m, i) => {
          const x = PAD.left + band * i + (band - barW) / 2;
          let base = PAD.top + PLOT_H;
          const parts = [
            { key: 'paid', fen: m.paid, colour: COLOURS.paid, what: t('已支付', 'Paid') },
            { key: 'unpaid', fen: m.unpaid, colour: COLOURS.held, what: t('已预留未支付', 'Held, not yet paid') },
            { key: 'review', fen: m.review, colour: COLOURS.review, what: t('审核中', 'In review') },
          ];
          return (
            <g key={m.month}>
              {parts.map((p) => {
                const h = y(p.fen);
                base -= h;
                return (
                  <rect key={p.key} x={x} y={base} width={barW} height={h} fill={p.colour}>
                    <title>{`${monthLabel(m.month, lang)} ${p.what}: ${fmt(p.fen)}`}</title>
                  </rect>
                );
              })}
              <text x={PAD.left + band * i + band / 2} y={H - PAD.bottom + 16} textAnchor="middle" fontSize="11" fill="#595959" aria-hidden="true">
                {monthLabel(m.month, lang)}
              </text>
            </g>
          );
        })}
        {budgetShown ? (
          <line x1={PAD.left} x2={W - PAD.right} y1={budgetY} y2={budgetY} stroke={COLOURS.budget} strokeWidth="2" strokeDasharray="6 3">
            <title>{`${t('年度预算', 'Budget')}: ${fmt(pool.totalFen)}`}</title>
          </line>
        ) : null}
      </Frame>
    </>
  );
}

const AGE_TEXT: Record<string, { zh: string; en: string }> = {
  '0-2': { zh: '0–2 天', en: '0–2 days' },
  '3-7': { zh: '3–7 天', en: '3–7 days' },
  '8-14': { zh: '8–14 天', en: '8–14 days' },
  '15-30': { zh: '15–30 天', en: '15–30 days' },
  '31+': { zh: '超过 30 天', en: 'over 30 days' },
};

/** A top of the axis whose four steps are whole numbers (counts, days). */
const niceMax = (v: number): number => Math.max(4, Math.ceil(v / 4) * 4);

/** A bureau's open review tasks by how long they have waited. */
export function OpenTasksChart({ bureau }: { bureau: BureauFigures }) {
  const { t, l, lang } = useI18n();
  const age = (b: string): string => (lang === 'zh' ? (AGE_TEXT[b]?.zh ?? b) : (AGE_TEXT[b]?.en ?? b));
  const max = niceMax(Math.max(...bureau.openTasks.map((b) => b.count), 4));
  const band = PLOT_W / bureau.openTasks.length;
  const barW = Math.min(56, band * 0.6);
  const total = bureau.openTasks.reduce((s, b) => s + b.count, 0);
  return (
    <Frame
      title={t(`${l(bureau.name)} · 待办任务（按等待天数）`, `${l(bureau.name)}: open tasks by days waiting`)}
      desc={t(
        `共 ${total} 项待办：${bureau.openTasks.map((b) => `${age(b.bucket)} ${b.count} 项`).join('，')}。`,
        `${total} open: ${bureau.openTasks.map((b) => `${age(b.bucket)} ${b.count}`).join(', ')}.`,
      )}
      legend={[{ colour: COLOURS.open, text: t('待办任务数', 'Open tasks') }]}
    >
      <Axis max={max} label={(v) => String(Math.round(v))} />
      {bureau.openTasks.map((b, i) => {
        const h = (PLOT_H * b.count) / max;
        const cx = PAD.left + band * i + band / 2;
        return (
          <g key={b.bucket}>
            <rect x={cx - barW / 2} y={PAD.top + PLOT_H - h} width={barW} height={h} fill={COLOURS.open}>
              <title>{`${age(b.bucket)}: ${b.count}`}</title>
            </rect>
            <text x={cx} y={H - PAD.bottom + 16} textAnchor="middle" fontSize="11" fill="#595959" aria-hidden="true">
              {age(b.bucket)}
            </text>
          </g>
        );
      })}
    </Frame>
  );
}

/** A bureau's decision times per month: median and 90th percentile days, side by side. */
export function DecisionTimesChart({ bureau, year }: { bureau: BureauFigures; year: number }) {
  const { t, l, lang } = useI18n();
  const months = bureau.decisions;
  const max = niceMax(Math.max(...months.map((m) => m.p90Days), 1));
  const band = PLOT_W / Math.max(months.length, 1);
  const barW = Math.min(24, band * 0.35);
  const days = (d: number): string => t(`${d} 天`, `${d} days`);
  return (
    <Frame
      title={t(`${l(bureau.name)} · ${year} 年办理时长`, `${l(bureau.name)}: decision times in ${year}`)}
      desc={
        months.length === 0
          ? t('本年度尚无办结任务。', 'No task decided this year yet.')
          : months
              .map((m) =>
                t(
                  `${monthLabel(m.month, 'zh')}办结 ${m.decided} 项，中位 ${days(m.medianDays)}，90% 在 ${days(m.p90Days)}内`,
                  `${m.month}: ${m.decided} decided, median ${days(m.medianDays)}, 90% within ${days(m.p90Days)}`,
                ),
              )
              .join(t('；', '; '))
      }
      legend={[
        { colour: COLOURS.median, text: t('中位天数', 'Median days') },
        { colour: COLOURS.p90, text: t('90% 分位天数', '90th percentile days') },
      ]}
    >
      <Axis max={max} label={(v) => days(Math.round(v * 10) / 10)} />
      {months.map((m, i) => {
        const cx = PAD.left + band * i + band / 2;
        const bar = (v: number, dx: number, colour: string, what: string) => {
          const h = (PLOT_H * v) / max;
          return (
            <rect x={cx + dx} y={PAD.top + PLOT_H - h} width={barW} height={h} fill={colour}>
              <title>{`${monthLabel(m.month, lang)} ${what}: ${days(v)}${t(`（${m.decided} 项）`, ` (${m.decided} decided)`)}`}</title>
            </rect>
          );
        };
        return (
          <g key={m.month}>
            {bar(m.medianDays, -barW, COLOURS.median, t('中位', 'median'))}
            {bar(m.p90Days, 0, COLOURS.p90, t('90% 分位', '90th percentile'))}
            <text x={cx} y={H - PAD.bottom + 16} textAnchor="middle" fontSize="11" fill="#595959" aria-hidden="true">
              {monthLabel(m.month, lang)}
            </text>
          </g>
        );
      })}
    </Frame>
  );
}
